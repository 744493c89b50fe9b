import { Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { CaseworkReadModels } from '@escalation-hub/casework-application';
import {
  CaseState,
  CLOSURE_REASONS,
  COURT_OUTCOMES,
  COURT_STAGES,
  CRN_PATTERN,
  FIXED_TERM_EXCLUSIONS,
  NPS,
  RECALL_STEPS,
  RECALL_TYPES,
  OFFENCE_CATEGORIES,
  RECORDABLE_SENTENCE_KINDS,
  RISK_INFORMATION_SOURCES,
  ROSH_LEVELS,
} from '@escalation-hub/casework-domain';
import { londonInstantOfInputs } from './london-time';
import {
  actorOf,
  CloseCaseCommand,
  CloseCaseDto,
  RecordRiskInformationCommand,
  RecordRiskInformationDto,
  RecordMappaChangeCommand,
  MappaDto,
  RecordPublicInterestCommand,
  RecordPublicInterestDto,
  RecordRoshReviewCommand,
  RecordRoshReviewDto,
  RecordSentenceCommand,
  RequestTransferCommand,
  RequestTransferDto,
  SentenceDto,
  RecordCourtStageCommand,
  RecordCourtStageDto,
  ReferToInterventionCommand,
  ReferToInterventionDto,
  RecordRecallStepCommand,
  RecordRecallStepDto,
  ReturnRecallAdviceCommand,
  ReturnRecallAdviceDto,
  ReviseRecallAdviceCommand,
  ReviseRecallAdviceDto,
  WithdrawRecallAdviceCommand,
  WithdrawRecallAdviceDto,
} from '@escalation-hub/casework-use-cases';
import type { WebSession } from '@escalation-hub/identity';
import { checkForm, errorList, FieldErrors, formOf, textOf } from './forms';
import { STAFF, WebAccess } from './web-access';
import { Refusal, StaffCommand, WebCommands } from './web-commands';
import { CurrentSession, FormFields, PageRoles, WebPageGuard, WebPageRefusalFilter } from './web-page.guard';
import { WebViews } from './web.views';
import {
  CLOSURE_REASON_LABELS,
  COURT_OUTCOME_LABELS,
  COURT_STAGE_LABELS,
  FIXED_TERM_EXCLUSION_LABELS,
  RECALL_STEP_LABELS,
  RECALL_TYPE_LABELS,
  RISK_SOURCE_LABELS,
  ROSH_LABELS,
} from './wording';

/** One field of a case action's form: how the generic page (case-action.njk) shows it. */
interface FormField {
  readonly type: 'hidden' | 'radios' | 'textarea' | 'checkbox' | 'input';
  readonly name: string;
  readonly label?: string;
  readonly hint?: string;
  readonly inputType?: 'date' | 'time' | 'text';
  readonly classes?: string;
  readonly items?: { value: string; text: string }[];
}

/**
 * What staff record on a case from its page, each one form: information bearing on risk, a transfer
 * to another area, and closing the case. Checked with the API's own DTO and sent as the API's own
 * command; a refusal is explained on the page, with what the person wrote kept for them.
 */
interface CaseAction {
  readonly heading: string;
  readonly lead: string;
  readonly submit: string;
  readonly notice: string;
  readonly fields: (state: CaseState) => FormField[];
  /** The form's values as the DTO reads them, its wording, and the command; undefined for a field the form itself gives out (an id). */
  check(
    form: Record<string, string>,
    crn: string,
    session: WebSession,
  ): Promise<{ errors: FieldErrors; command?: StaffCommand; expired?: boolean }>;
}

const TEXT_LIMIT = 'must be 10,000 characters or fewer';
const ID_OF_FORM = /^(ri|tr)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** One line each: a textarea's list (requirements, licence conditions). */
const linesOf = (text: string | undefined) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');

/** A whole number from a form field, or the text itself (so the DTO names it as not a number). */
const numberOf = (text: string | undefined) => (/^\d{1,4}$/.test((text ?? '').trim()) ? Number(text) : text || undefined);

/** The item a form acts on, as the item page linked to it (`?item=`): recall advice, or a breach pack. */
const ADVICE_ID = /^ra-[A-Za-z0-9._:-]{1,61}$/;
const BREACH_PACK_ID = /^bp-[A-Za-z0-9._:-]{1,61}$/;
const adviceField: FormField = { type: 'hidden', name: 'recallAdviceId' };

/** The recall-advice terms a revision sends, as the draft form has them. */
function recallTermsFields(): FormField[] {
  return [
    adviceField,
    {
      type: 'radios',
      name: 'recallType',
      label: 'Type of recall',
      items: RECALL_TYPES.map((value) => ({ value, text: RECALL_TYPE_LABELS[value].text })),
    },
    {
      type: 'radios',
      name: 'emergency',
      label: 'Is this an emergency recall?',
      classes: 'govuk-radios--inline',
      items: [
        { value: 'yes', text: 'Yes' },
        { value: 'no', text: 'No' },
      ],
    },
    {
      type: 'radios',
      name: 'exclusion',
      label: 'Why not a fixed-term recall?',
      hint: 'For a standard recall of a standard determinate sentence. MAPPA level 2 or 3 is checked against the case.',
      items: [
        { value: '', text: 'None: a fixed-term recall' },
        ...FIXED_TERM_EXCLUSIONS.filter((value) => value !== 'EXTENDED_OR_INDETERMINATE_SENTENCE').map((value) => ({
          value,
          text: FIXED_TERM_EXCLUSION_LABELS[value],
        })),
      ],
    },
    {
      type: 'textarea',
      name: 'exclusionDetails',
      label: 'Details of the exclusion',
      hint: 'Required for a charge, the risk of serious harm, or another reason.',
    },
    { type: 'textarea', name: 'rationale', label: 'Reasons for recall' },
  ];
}

const ACTIONS: Record<string, CaseAction> = {
  intervention: {
    heading: 'Refer to a provider’s intervention',
    lead: 'The provider delivering it may then record information bearing on risk on this case. It learns nothing else of the case.',
    submit: 'Refer',
    notice: 'referred',
    fields: () => [
      { type: 'input', name: 'provider', label: 'Provider', hint: 'Its code, such as CRC07', classes: 'govuk-input--width-10' },
      { type: 'input', name: 'intervention', label: 'Intervention', hint: 'For example, Thinking skills group' },
    ],
    async check(form, crn, session) {
      const { value, errors } = await checkForm(
        ReferToInterventionDto,
        { provider: form['provider'], intervention: form['intervention'] },
        {
          provider: { missing: 'Enter the provider', invalid: 'Enter a provider code, such as CRC07' },
          intervention: { missing: 'Enter the intervention', invalid: 'Enter the intervention on one line, 200 characters or fewer' },
        },
      );
      return { errors, command: new ReferToInterventionCommand(crn, actorOf(session.principal), value) };
    },
  },
  'court-stage': {
    heading: 'Record where the breach stands at court',
    lead: 'In order: the breach laid before the court, listed for a hearing, then what the court decided. The provider is told each stage, not your details.',
    submit: 'Record it',
    notice: 'courtStage',
    fields: () => [
      { type: 'hidden', name: 'breachPackId' },
      {
        type: 'radios',
        name: 'stage',
        label: 'Which stage?',
        items: COURT_STAGES.map((value) => ({ value, text: COURT_STAGE_LABELS[value] })),
      },
      { type: 'input', name: 'on', inputType: 'date', label: 'The day', classes: 'govuk-input--width-10' },
      {
        type: 'radios',
        name: 'outcome',
        label: 'What did the court decide? (the last stage only)',
        items: [{ value: '', text: 'Not decided yet' }, ...COURT_OUTCOMES.map((value) => ({ value, text: COURT_OUTCOME_LABELS[value] }))],
      },
      { type: 'textarea', name: 'details', label: 'Details (optional)' },
    ],
    async check(form, crn, session) {
      if (!BREACH_PACK_ID.test(form['breachPackId'] ?? '')) return { errors: {}, expired: true };
      const { value, errors } = await checkForm(
        RecordCourtStageDto,
        { stage: form['stage'] || undefined, on: form['on'], outcome: form['outcome'] || undefined, details: form['details'] || undefined },
        {
          stage: { missing: 'Select the stage', invalid: 'Select one of the stages shown' },
          on: { missing: 'Enter the day', invalid: 'Enter a real day, such as 2026-11-30' },
          outcome: { missing: '', invalid: 'Select one of the outcomes shown' },
          details: { missing: '', invalid: `The details ${TEXT_LIMIT}` },
        },
      );
      return { errors, command: new RecordCourtStageCommand(form['breachPackId'], actorOf(session.principal), value, crn) };
    },
  },
  'recall-return': {
    heading: 'Return recall advice to its author',
    lead: 'Instead of countersigning, send the advice back with what must change. Nobody can sign it until its author revises it; they may withdraw it instead.',
    submit: 'Return to the author',
    notice: 'recallReturned',
    fields: () => [adviceField, { type: 'textarea', name: 'reason', label: 'What must change, and why?' }],
    async check(form, crn, session) {
      if (!ADVICE_ID.test(form['recallAdviceId'] ?? '')) return { errors: {}, expired: true };
      const { value, errors } = await checkForm(
        ReturnRecallAdviceDto,
        { reason: form['reason'] },
        { reason: { missing: 'Enter what must change', invalid: `The reasons ${TEXT_LIMIT}` } },
      );
      return { errors, command: new ReturnRecallAdviceCommand(form['recallAdviceId'], actorOf(session.principal), value.reason, crn) };
    },
  },
  'recall-revision': {
    heading: 'Revise recall advice',
    lead: 'Answer the return: the revised advice goes to an SPO and then an ACO to countersign again. Its deadline still runs from your first draft.',
    submit: 'Send for countersignature again',
    notice: 'recallRevised',
    fields: () => [...recallTermsFields(), { type: 'textarea', name: 'note', label: 'What changed since the return?' }],
    async check(form, crn, session) {
      if (!ADVICE_ID.test(form['recallAdviceId'] ?? '')) return { errors: {}, expired: true };
      const emergency = form['emergency'] === 'yes' ? true : form['emergency'] === 'no' ? false : undefined;
      const { value, errors } = await checkForm(
        ReviseRecallAdviceDto,
        {
          recallType: form['recallType'] || undefined,
          emergency,
          rationale: form['rationale'],
          fixedTermExclusion: form['exclusion'] ? { reason: form['exclusion'], details: form['exclusionDetails'] || null } : null,
          note: form['note'],
        },
        {
          recallType: { missing: 'Select the type of recall', invalid: 'Select one of the recall types shown' },
          emergency: { missing: 'Select yes if this is an emergency recall', invalid: 'Select yes or no' },
          rationale: { missing: 'Enter the reasons for recall', invalid: `The reasons ${TEXT_LIMIT}` },
          fixedTermExclusion: { missing: '', invalid: 'Select one of the reasons shown, with details of 10,000 characters or fewer' },
          note: { missing: 'Enter what changed since the return', invalid: `The note ${TEXT_LIMIT}` },
        },
      );
      const { fixedTermExclusion: exclusionError, ...otherErrors } = errors;
      return {
        errors: exclusionError ? { ...otherErrors, exclusion: exclusionError } : otherErrors,
        command: new ReviseRecallAdviceCommand(form['recallAdviceId'], actorOf(session.principal), value, crn),
      };
    },
  },
  'recall-withdrawal': {
    heading: 'Withdraw recall advice',
    lead: 'The advice leaves the queue and is never issued. The record keeps it, with your reason.',
    submit: 'Withdraw the advice',
    notice: 'recallWithdrawn',
    fields: () => [adviceField, { type: 'textarea', name: 'reason', label: 'Why is it withdrawn?' }],
    async check(form, crn, session) {
      if (!ADVICE_ID.test(form['recallAdviceId'] ?? '')) return { errors: {}, expired: true };
      const { value, errors } = await checkForm(
        WithdrawRecallAdviceDto,
        { reason: form['reason'] },
        { reason: { missing: 'Enter why the advice is withdrawn', invalid: `The reason ${TEXT_LIMIT}` } },
      );
      return { errors, command: new WithdrawRecallAdviceCommand(form['recallAdviceId'], actorOf(session.principal), value.reason, crn) };
    },
  },
  'recall-step': {
    heading: 'Record what followed the recall',
    lead: 'In order: sent to the public protection casework section, licence revoked, then returned to custody (perhaps after a time unlawfully at large). The provider managing the case is told each step, not your details.',
    submit: 'Record it',
    notice: 'recallStep',
    fields: () => [
      adviceField,
      {
        type: 'radios',
        name: 'step',
        label: 'What happened?',
        items: RECALL_STEPS.map((value) => ({ value, text: RECALL_STEP_LABELS[value] })),
      },
      { type: 'input', name: 'happenedOn', inputType: 'date', label: 'The day it happened', classes: 'govuk-input--width-10' },
      { type: 'input', name: 'happenedAtTime', inputType: 'time', label: 'The time it happened (London)', classes: 'govuk-input--width-5' },
      { type: 'textarea', name: 'details', label: 'Details (optional)' },
    ],
    async check(form, crn, session) {
      if (!ADVICE_ID.test(form['recallAdviceId'] ?? '')) return { errors: {}, expired: true };
      const { value, errors } = await checkForm(
        RecordRecallStepDto,
        {
          step: form['step'] || undefined,
          happenedAt: londonInstantOfInputs(form['happenedOn'] ?? '', form['happenedAtTime'] ?? '') || undefined,
          details: form['details'] || undefined,
        },
        {
          step: { missing: 'Select what happened', invalid: 'Select one of the steps shown' },
          happenedAt: { missing: 'Enter a real day and time, such as 2026-11-30 and 14:05', invalid: 'Enter a real day and time' },
          details: { missing: '', invalid: `The details ${TEXT_LIMIT}` },
        },
      );
      const { happenedAt: timeError, ...otherErrors } = errors;
      return {
        errors: timeError ? { ...otherErrors, happenedOn: timeError } : otherErrors,
        command: new RecordRecallStepCommand(form['recallAdviceId'], actorOf(session.principal), value, crn),
      };
    },
  },
  'rosh-review': {
    heading: 'Record a RoSH review',
    lead: 'The allocation policy is applied again: the case moves to the public service if the risk calls for it; a public-service case stays with it.',
    submit: 'Record the review',
    notice: 'reassessed',
    fields: (state) => [
      {
        type: 'radios',
        name: 'level',
        label: `Risk of serious harm now (was ${ROSH_LABELS[state.rosh].toLowerCase()})`,
        items: ROSH_LEVELS.map((value) => ({ value, text: ROSH_LABELS[value] })),
      },
      { type: 'input', name: 'assessor', label: 'Who assessed it?' },
      { type: 'input', name: 'assessedOn', inputType: 'date', label: 'The day of the assessment', classes: 'govuk-input--width-10' },
      {
        type: 'input',
        name: 'assessmentReference',
        label: 'Assessment reference',
        hint: 'For example, the OASys reference',
        classes: 'govuk-input--width-20',
      },
    ],
    async check(form, crn, session) {
      const { value, errors } = await checkForm(
        RecordRoshReviewDto,
        {
          level: form['level'] || undefined,
          assessor: form['assessor'],
          assessedOn: form['assessedOn'],
          assessmentReference: form['assessmentReference'],
        },
        {
          level: { missing: 'Select the risk of serious harm now', invalid: 'Select one of the levels shown' },
          assessor: { missing: 'Enter who assessed it', invalid: 'Enter a name on one line, 200 characters or fewer' },
          assessedOn: { missing: 'Enter the day of the assessment', invalid: 'Enter a real day, such as 2026-11-30' },
          assessmentReference: {
            missing: 'Enter the assessment reference',
            invalid: 'Enter a reference on one line, 200 characters or fewer',
          },
        },
      );
      return { errors, command: new RecordRoshReviewCommand(crn, actorOf(session.principal), value) };
    },
  },
  'mappa-change': {
    heading: 'Record a MAPPA change',
    lead: 'A registration, a change of level, or the end of MAPPA management. The allocation policy is then applied again.',
    submit: 'Record the change',
    notice: 'reassessed',
    fields: () => [
      {
        type: 'radios',
        name: 'category',
        label: 'MAPPA category now',
        items: [
          { value: 'NONE', text: 'Not managed under MAPPA' },
          { value: '1', text: 'Category 1' },
          { value: '2', text: 'Category 2' },
          { value: '3', text: 'Category 3' },
        ],
      },
      {
        type: 'radios',
        name: 'mappaLevel',
        label: 'Level',
        hint: 'Category 3 is managed at level 2 or 3 only',
        items: ['1', '2', '3'].map((value) => ({ value, text: `Level ${value}` })),
      },
    ],
    async check(form, crn, session) {
      const actor = actorOf(session.principal);
      if (!form['category']) return { errors: { category: 'Select the MAPPA category now, or not managed under MAPPA' } };
      if (form['category'] === 'NONE') return { errors: {}, command: new RecordMappaChangeCommand(crn, actor, null) };
      const { value, errors } = await checkForm(
        MappaDto,
        { category: Number(form['category']), level: form['mappaLevel'] ? Number(form['mappaLevel']) : undefined },
        {
          category: { missing: 'Select the MAPPA category now', invalid: 'Select one of the categories shown' },
          level: { missing: 'Select the MAPPA level', invalid: 'Select one of the levels shown' },
        },
      );
      const { level: levelError, ...rest } = errors;
      return {
        errors: levelError ? { ...rest, mappaLevel: levelError } : rest,
        command: new RecordMappaChangeCommand(crn, actor, { category: value.category, level: value.level }),
      };
    },
  },
  sentence: {
    heading: 'Record a new sentence',
    lead: 'A new sentence is a new allocation assessment of the case; a closed case opens again.',
    submit: 'Record the sentence',
    notice: 'reassessed',
    fields: () => [
      { type: 'input', name: 'sentenceType', label: 'Sentence, as the court gave it', hint: 'For example, Suspended Sentence Order' },
      {
        type: 'radios',
        name: 'kind',
        label: 'Kind of sentence',
        items: RECORDABLE_SENTENCE_KINDS.map((value) => ({
          value,
          text: value
            .replace(/_/g, ' ')
            .toLowerCase()
            .replace(/^./, (first) => first.toUpperCase()),
        })),
      },
      { type: 'input', name: 'lengthMonths', label: 'Length in months (0 for an indeterminate sentence)', classes: 'govuk-input--width-5' },
      { type: 'input', name: 'custodialTermMonths', label: 'Custodial term in months (custody only)', classes: 'govuk-input--width-5' },
      {
        type: 'radios',
        name: 'offenceCategory',
        label: 'Offence',
        items: OFFENCE_CATEGORIES.map((value) => ({ value, text: value.charAt(0) + value.slice(1).toLowerCase() })),
      },
      { type: 'input', name: 'imposedOn', inputType: 'date', label: 'The day it was imposed (optional)', classes: 'govuk-input--width-10' },
      { type: 'textarea', name: 'requirements', label: 'Requirements (orders), one a line' },
      { type: 'textarea', name: 'licenceConditions', label: 'Licence conditions, one a line' },
    ],
    async check(form, crn, session) {
      const { value, errors } = await checkForm(
        SentenceDto,
        {
          type: form['sentenceType'],
          kind: form['kind'] || undefined,
          lengthMonths: numberOf(form['lengthMonths']),
          custodialTermMonths: numberOf(form['custodialTermMonths']),
          offenceCategory: form['offenceCategory'] || undefined,
          imposedOn: form['imposedOn'] || undefined,
          requirements: linesOf(form['requirements']),
          licenceConditions: linesOf(form['licenceConditions']),
        },
        {
          type: { missing: 'Enter the sentence as the court gave it', invalid: 'Enter the sentence on one line, 200 characters or fewer' },
          kind: { missing: 'Select the kind of sentence', invalid: 'Select one of the kinds shown' },
          lengthMonths: { missing: 'Enter the length in months', invalid: 'Enter the length as a whole number of months' },
          custodialTermMonths: { missing: '', invalid: 'Enter the custodial term as a whole number of months' },
          offenceCategory: { missing: 'Select the offence', invalid: 'Select one of the offences shown' },
          imposedOn: { missing: '', invalid: 'Enter a real day, such as 2026-11-30' },
          requirements: { missing: '', invalid: 'Each requirement on one line, 200 characters or fewer' },
          licenceConditions: { missing: '', invalid: 'Each condition on one line, 200 characters or fewer' },
        },
      );
      const { type: typeError, ...rest } = errors;
      return {
        errors: typeError ? { ...rest, sentenceType: typeError } : rest,
        command: new RecordSentenceCommand(crn, actorOf(session.principal), value),
      };
    },
  },
  'public-interest': {
    heading: 'Record an exceptional public interest',
    lead: 'An ACO authorises it, with a reason; the public service then manages the case.',
    submit: 'Record and authorise',
    notice: 'reassessed',
    fields: () => [
      { type: 'textarea', name: 'publicInterestReason', label: 'Why the public interest calls for the public service to manage the case' },
    ],
    async check(form, crn, session) {
      const { value, errors } = await checkForm(
        RecordPublicInterestDto,
        { reason: form['publicInterestReason'] },
        { reason: { missing: 'Enter why the public interest calls for it', invalid: `The reason ${TEXT_LIMIT}` } },
      );
      const { reason: reasonError, ...rest } = errors;
      return {
        errors: reasonError ? { ...rest, publicInterestReason: reasonError } : rest,
        command: new RecordPublicInterestCommand(crn, actorOf(session.principal), value.reason),
      };
    },
  },
  'risk-information': {
    heading: 'Record information bearing on risk',
    lead: 'It goes to the responsible officer of whoever manages the case (the public service, or the provider), to acknowledge and review: within two hours for a threat or a victim’s or family’s concern, otherwise by the next working day.',
    submit: 'Record it',
    notice: 'riskRecorded',
    fields: () => [
      { type: 'hidden', name: 'riskInformationId' },
      {
        type: 'radios',
        name: 'source',
        label: 'Where did it come from?',
        items: RISK_INFORMATION_SOURCES.map((value) => ({ value, text: RISK_SOURCE_LABELS[value] })),
      },
      { type: 'input', name: 'channel', label: 'How did it come?', hint: 'For example, a phone call to the victim liaison officer' },
      { type: 'input', name: 'knownOn', inputType: 'date', label: 'When did it become known? Day', classes: 'govuk-input--width-10' },
      { type: 'input', name: 'knownAtTime', inputType: 'time', label: 'Time (London)', classes: 'govuk-input--width-5' },
      { type: 'input', name: 'receivedBy', label: 'Who received it?' },
      { type: 'checkbox', name: 'threat', label: 'What was said includes a threat' },
      { type: 'textarea', name: 'summary', label: 'What was said' },
    ],
    async check(form, crn, session) {
      if (!ID_OF_FORM.test(form['riskInformationId'] ?? '')) return { errors: {}, expired: true };
      const knownAt = londonInstantOfInputs(form['knownOn'] ?? '', form['knownAtTime'] ?? '');
      const { value, errors } = await checkForm(
        RecordRiskInformationDto,
        {
          riskInformationId: form['riskInformationId'],
          source: form['source'] || undefined,
          channel: form['channel'],
          knownAt,
          receivedBy: form['receivedBy'],
          threat: form['threat'] === 'yes',
          summary: form['summary'],
        },
        {
          source: { missing: 'Select where it came from', invalid: 'Select one of the sources shown' },
          channel: { missing: 'Enter how it came', invalid: 'Enter how it came on one line, 200 characters or fewer' },
          knownAt: {
            missing: 'Enter the day and time it became known',
            invalid: 'Enter a real day and time, such as 2026-12-01 and 18:30',
          },
          receivedBy: { missing: 'Enter who received it', invalid: 'Enter a name on one line, 200 characters or fewer' },
          summary: { missing: 'Enter what was said', invalid: `What was said ${TEXT_LIMIT}` },
        },
      );
      // The day and time are two fields; their error shows on the day.
      const { knownAt: timeError, ...rest } = errors;
      const shown = timeError ? { ...rest, knownOn: timeError } : rest;
      return {
        errors: shown,
        command: new RecordRiskInformationCommand(crn, actorOf(session.principal), {
          ...value,
          riskInformationId: value.riskInformationId ?? '',
        }),
      };
    },
  },
  transfer: {
    heading: 'Ask another area to take the case',
    lead: 'The receiving area accepts or refuses it, with its reasons, from the queue. Someone other than you must answer it.',
    submit: 'Ask the receiving area',
    notice: 'transferRequested',
    fields: () => [
      { type: 'hidden', name: 'transferId' },
      {
        type: 'input',
        name: 'toLdu',
        label: 'Receiving area (LDU code)',
        hint: 'For example, LDU-LDS-S',
        classes: 'govuk-input--width-20',
      },
      { type: 'input', name: 'toProvider', label: 'Its contracted provider', hint: 'For example, CRC11', classes: 'govuk-input--width-10' },
      { type: 'textarea', name: 'reason', label: 'Why should the case move?' },
    ],
    async check(form, crn, session) {
      if (!ID_OF_FORM.test(form['transferId'] ?? '')) return { errors: {}, expired: true };
      const { value, errors } = await checkForm(
        RequestTransferDto,
        { transferId: form['transferId'], toLdu: form['toLdu'], toProvider: form['toProvider'], reason: form['reason'] },
        {
          toLdu: {
            missing: 'Enter the receiving area',
            invalid: 'Enter an LDU code: capital letters, digits and dashes, such as LDU-LDS-S',
          },
          toProvider: { missing: 'Enter the receiving area’s provider', invalid: 'Enter a provider code, such as CRC11' },
          reason: { missing: 'Enter why the case should move', invalid: `The reasons ${TEXT_LIMIT}` },
        },
      );
      return {
        errors,
        command: new RequestTransferCommand(crn, actorOf(session.principal), { ...value, transferId: value.transferId ?? '' }),
      };
    },
  },
  closure: {
    heading: 'Close the case',
    lead: 'Supervision has ended. Every open item is withdrawn with it, and the record’s retention period starts on the day you give. A new sentence opens the case again.',
    submit: 'Close the case',
    notice: 'closed',
    fields: () => [
      {
        type: 'radios',
        name: 'reason',
        label: 'Why has supervision ended?',
        items: CLOSURE_REASONS.map((value) => ({ value, text: CLOSURE_REASON_LABELS[value] })),
      },
      { type: 'textarea', name: 'details', label: 'Details', hint: 'Required when the reason is Other' },
      { type: 'input', name: 'closedOn', inputType: 'date', label: 'The day it ended', classes: 'govuk-input--width-10' },
    ],
    async check(form, crn, session) {
      const { value, errors } = await checkForm(
        CloseCaseDto,
        { reason: form['reason'] || undefined, details: form['details'] || undefined, closedOn: form['closedOn'] },
        {
          reason: { missing: 'Select why supervision has ended', invalid: 'Select one of the reasons shown' },
          details: { missing: '', invalid: `The details ${TEXT_LIMIT}` },
          closedOn: { missing: 'Enter the day supervision ended', invalid: 'Enter a real day, such as 2026-11-30' },
        },
      );
      // The rules say so too (422 CLOSURE_DETAILS_REQUIRED); a person is told beside the field.
      const detailsMissing = form['reason'] === 'OTHER' && !(form['details'] ?? '').trim();
      return {
        errors: detailsMissing ? { ...errors, details: 'Enter why supervision has ended when the reason is Other' } : errors,
        command: new CloseCaseCommand(crn, actorOf(session.principal), value),
      };
    },
  },
};

/**
 * Which of these actions the case takes now: an exceptional public interest only from an ACO; on a closed
 * case only a new sentence, which opens it.
 */
export function caseActionsFor(state: CaseState, role: string): { href: string; text: string }[] {
  const sentence = { href: 'sentence', text: 'Record a new sentence' };
  const actions = state.closure
    ? [sentence]
    : [
        { href: 'risk-information', text: 'Record risk information' },
        ...(state.managedBy === NPS ? [{ href: 'intervention', text: 'Refer to a provider’s intervention' }] : []),
        { href: 'rosh-review', text: 'Record a RoSH review' },
        { href: 'mappa-change', text: 'Record a MAPPA change' },
        sentence,
        ...(role === 'aco' && !state.exceptionalPublicInterest
          ? [{ href: 'public-interest', text: 'Record an exceptional public interest' }]
          : []),
        { href: 'transfer', text: 'Transfer to another area' },
        { href: 'closure', text: 'Close the case' },
      ];
  return actions.map((action) => ({ ...action, href: `/cases/${state.crn}/${action.href}` }));
}

@ApiExcludeController()
@Controller('cases/:crn')
@UseGuards(WebPageGuard)
@UseFilters(WebPageRefusalFilter)
@PageRoles(...STAFF)
export class CaseActionsController {
  constructor(
    private readonly access: WebAccess,
    private readonly views: WebViews,
    private readonly readModels: CaseworkReadModels,
    private readonly commands: WebCommands,
  ) {}

  @Get(':action')
  async form(
    @Param('crn') crn: string,
    @Param('action') name: string,
    @CurrentSession() session: WebSession,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const found = await this.found(crn, name, session, response);
    if (!found) return;
    await this.access.recordRead(session, request, crn, `${name} form`, {});
    const item = typeof request.query['item'] === 'string' ? request.query['item'] : '';
    const ids = { riskInformationId: `ri-${randomUUID()}`, transferId: `tr-${randomUUID()}`, recallAdviceId: item, breachPackId: item };
    this.render(response, 200, session, found, { draft: ids });
  }

  @Post(':action')
  @FormFields(
    'riskInformationId',
    'source',
    'channel',
    'knownOn',
    'knownAtTime',
    'receivedBy',
    'threat',
    'summary',
    'transferId',
    'toLdu',
    'toProvider',
    'reason',
    'details',
    'closedOn',
    'level',
    'assessor',
    'assessedOn',
    'assessmentReference',
    'category',
    'mappaLevel',
    'sentenceType',
    'kind',
    'lengthMonths',
    'custodialTermMonths',
    'offenceCategory',
    'imposedOn',
    'requirements',
    'licenceConditions',
    'publicInterestReason',
    'recallAdviceId',
    'recallType',
    'emergency',
    'exclusion',
    'exclusionDetails',
    'rationale',
    'note',
    'step',
    'happenedOn',
    'happenedAtTime',
    'breachPackId',
    'provider',
    'intervention',
    'stage',
    'on',
    'outcome',
  )
  async record(
    @Param('crn') crn: string,
    @Param('action') name: string,
    @CurrentSession() session: WebSession,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const found = await this.found(crn, name, session, response);
    if (!found) return;
    const form = formOf(request);
    const draft = Object.fromEntries(found.action.fields(found.state).map((field) => [field.name, textOf(form, field.name)]));
    const checked = await found.action.check(draft, crn, session);
    if (checked.expired) {
      return this.access.message(
        response,
        session,
        400,
        'The form had expired',
        'Nothing was recorded. Go back, reload the page and try again.',
      );
    }
    if (Object.keys(checked.errors).length > 0 || !checked.command) {
      return this.render(response, 400, session, found, { draft, errors: checked.errors });
    }
    const outcome = await this.commands.runForOutcome(checked.command, session);
    if ('refused' in outcome) return this.render(response, outcome.refused.status, session, found, { draft, refusal: outcome.refused });
    return response.redirect(303, `/cases/${crn}?notice=${outcome.recorded ? found.action.notice : 'nothingNew'}`);
  }

  private async found(crn: string, name: string, session: WebSession, response: Response) {
    const action = Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : undefined;
    const view = CRN_PATTERN.test(crn) && action ? await this.readModels.findCase(crn) : undefined;
    if (!action || !view) {
      this.access.message(response, session, 404, 'Page not found', `There is no such page for case ${crn}.`);
      return undefined;
    }
    return { action, state: view.state };
  }

  private render(
    response: Response,
    status: number,
    session: WebSession,
    found: { action: CaseAction; state: CaseState },
    options: { draft: Record<string, string>; errors?: FieldErrors; refusal?: Refusal },
  ) {
    const { action, state } = found;
    const fields = action.fields(state).map((field) => ({
      ...field,
      value: options.draft[field.name] ?? '',
      items: field.items?.map((item) => ({ ...item, checked: options.draft[field.name] === item.value })),
    }));
    this.views.render(response, status, 'pages/case-action.njk', {
      ...this.access.page(session, `${action.heading}: case ${state.crn}`, ''),
      crn: state.crn,
      heading: action.heading,
      lead: action.lead,
      submit: action.submit,
      fields,
      refusal: options.refusal,
      errorFor: options.errors ?? {},
      errors:
        options.errors && Object.keys(options.errors).length > 0
          ? errorList(
              options.errors,
              fields.map((field) => field.name),
            )
          : undefined,
    });
  }
}
