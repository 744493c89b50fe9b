import { Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { CaseworkReadModels } from '@escalation-hub/casework-application';
import { CaseState, CLOSURE_REASONS, CRN_PATTERN, londonInstant, NPS, RISK_INFORMATION_SOURCES } from '@escalation-hub/casework-domain';
import {
  actorOf,
  CloseCaseCommand,
  CloseCaseDto,
  RecordRiskInformationCommand,
  RecordRiskInformationDto,
  RequestTransferCommand,
  RequestTransferDto,
} from '@escalation-hub/casework-use-cases';
import type { WebSession } from '@escalation-hub/identity';
import { checkForm, errorList, FieldErrors, formOf, textOf } from './forms';
import { STAFF, WebAccess } from './web-access';
import { Refusal, StaffCommand, WebCommands } from './web-commands';
import { CurrentSession, FormFields, PageRoles, WebPageGuard, WebPageRefusalFilter } from './web-page.guard';
import { WebViews } from './web.views';
import { CLOSURE_REASON_LABELS, RISK_SOURCE_LABELS } from './wording';

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

/** A London wall-clock day and time from the form, as the instant the API takes; '' when not a real one. */
function londonInstantOf(day: string, time: string): string {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const clock = /^(\d{2}):(\d{2})$/.exec(time);
  if (!date || !clock) return '';
  const [year, month, dayOfMonth, hour, minute] = [...date.slice(1), ...clock.slice(1)].map(Number);
  const instant = londonInstant(year, month, dayOfMonth, hour, minute, 0);
  return Number.isNaN(instant.getTime()) ? '' : instant.toISOString();
}

const ACTIONS: Record<string, CaseAction> = {
  'risk-information': {
    heading: 'Record information bearing on risk',
    lead: 'It opens an item for review: within two hours for a threat or a victim’s or family’s concern, otherwise by the next working day.',
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
      const knownAt = londonInstantOf(form['knownOn'] ?? '', form['knownAtTime'] ?? '');
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
          knownAt: { missing: 'Enter the day and time it became known', invalid: 'Enter a real day and time, such as 2026-12-01 and 18:30' },
          receivedBy: { missing: 'Enter who received it', invalid: 'Enter a name on one line, 200 characters or fewer' },
          summary: { missing: 'Enter what was said', invalid: `What was said ${TEXT_LIMIT}` },
        },
      );
      // The day and time are two fields; their error shows on the day.
      const { knownAt: timeError, ...rest } = errors;
      const shown = timeError ? { ...rest, knownOn: timeError } : rest;
      return {
        errors: shown,
        command: new RecordRiskInformationCommand(crn, actorOf(session.principal), { ...value, riskInformationId: value.riskInformationId ?? '' }),
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
      { type: 'input', name: 'toLdu', label: 'Receiving area (LDU code)', hint: 'For example, LDU-LDS-S', classes: 'govuk-input--width-20' },
      { type: 'input', name: 'toProvider', label: 'Its contracted provider', hint: 'For example, CRC11', classes: 'govuk-input--width-10' },
      { type: 'textarea', name: 'reason', label: 'Why should the case move?' },
    ],
    async check(form, crn, session) {
      if (!ID_OF_FORM.test(form['transferId'] ?? '')) return { errors: {}, expired: true };
      const { value, errors } = await checkForm(
        RequestTransferDto,
        { transferId: form['transferId'], toLdu: form['toLdu'], toProvider: form['toProvider'], reason: form['reason'] },
        {
          toLdu: { missing: 'Enter the receiving area', invalid: 'Enter an LDU code: capital letters, digits and dashes, such as LDU-LDS-S' },
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
      { type: 'radios', name: 'reason', label: 'Why has supervision ended?', items: CLOSURE_REASONS.map((value) => ({ value, text: CLOSURE_REASON_LABELS[value] })) },
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

/** Which of these actions the case takes now: risk information only on a case the public service manages; nothing on a closed case. */
export function caseActionsFor(state: CaseState): { href: string; text: string }[] {
  if (state.closure) return [];
  const actions = [
    ...(state.managedBy === NPS ? [{ href: 'risk-information', text: 'Record risk information' }] : []),
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
    const ids = { riskInformationId: `ri-${randomUUID()}`, transferId: `tr-${randomUUID()}` };
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
      return this.access.message(response, session, 400, 'The form had expired', 'Nothing was recorded. Go back, reload the page and try again.');
    }
    if (Object.keys(checked.errors).length > 0 || !checked.command) {
      return this.render(response, 400, session, found, { draft, errors: checked.errors });
    }
    const refused = await this.commands.run(checked.command, session);
    if (!refused) return response.redirect(303, `/cases/${crn}?notice=${found.action.notice}`);
    return this.render(response, refused.status, session, found, { draft, refusal: refused });
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
          ? errorList(options.errors, fields.map((field) => field.name))
          : undefined,
    });
  }
}

