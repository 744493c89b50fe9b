import { Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { CaseworkReadModels } from '@escalation-hub/casework-application';
import {
  BREACH_OUTCOMES,
  BreachOutcome,
  COURT_ENFORCED_SENTENCE_KINDS,
  CUSTODIAL_SENTENCE_KINDS,
  RISK_REVIEW_OUTCOMES,
  TRANSFER_OUTCOMES,
  CaseItem,
  CaseState,
  CRN_PATTERN,
  ESCALATION_OUTCOMES,
  isOpen,
  isProviderItem,
  itemClock,
  pendingInformationRequest,
  pendingReturn,
  recallAdviceStatus,
  RecallAdviceStatus,
  RECALL_TYPES,
  FIXED_TERM_EXCLUSIONS,
  RecallAdviceItem,
  ROSH_LEVELS,
} from '@escalation-hub/casework-domain';
import {
  AcknowledgeRiskInformationCommand,
  actorOf,
  CountersignDto,
  CountersignRecallAdviceCommand,
  DecideBreachPackCommand,
  DecideTransferCommand,
  DecideTransferDto,
  ReviewRiskInformationCommand,
  ReviewRiskInformationDto,
  DecideBreachPackDto,
  DecideEscalationCommand,
  DecideEscalationDto,
  DraftRecallAdviceCommand,
  DraftRecallAdviceDto,
} from '@escalation-hub/casework-use-cases';
import type { WebSession } from '@escalation-hub/identity';
import { checkForm, errorList, FieldErrors, FieldWording, formOf, listOf, textOf } from './forms';
import { COUNTERSIGNERS, hasRole, roleName, STAFF, WebAccess } from './web-access';
import { Refusal, StaffCommand, WebCommands } from './web-commands';
import { CurrentSession, FormFields, PageRoles, WebPageGuard, WebPageRefusalFilter } from './web-page.guard';
import { WebViews } from './web.views';
import {
  BREACH_OUTCOME_LABELS,
  RISK_REVIEW_OUTCOME_LABELS,
  RISK_SOURCE_LABELS,
  TRANSFER_OUTCOME_LABELS,
  dateTimeText,
  ESCALATION_OUTCOME_LABELS,
  kindLabel,
  outcomeLabel,
  RECALL_TYPE_LABELS,
  RECALL_STEP_LABELS,
  COURT_OUTCOME_LABELS,
  COURT_STAGE_LABELS,
  FIXED_TERM_EXCLUSION_LABELS,
  RECOMMENDATION_LABELS,
  ROSH_LABELS,
  timeLeftText,
  triggersText,
  URGENCY_LABELS,
} from './wording';

const RECALL_ADVICE_ID = /^ra-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LONG_TEXT_LIMIT = 10_000;
const RATIONALE: FieldWording = {
  missing: 'Enter the reasons for your decision',
  invalid: `The reasons must be ${LONG_TEXT_LIMIT.toLocaleString('en-GB')} characters or fewer`,
};

/**
 * Deciding: escalation and breach-pack decisions, recall advice and its two countersignatures. Each
 * form is checked with the API's own DTO and sent as the API's own command; a refusal is explained in
 * words on the page, with what the person wrote kept for them.
 */
@ApiExcludeController()
@Controller()
@UseGuards(WebPageGuard)
@UseFilters(WebPageRefusalFilter)
@PageRoles(...STAFF)
export class DecisionPagesController {
  constructor(
    private readonly access: WebAccess,
    private readonly views: WebViews,
    private readonly readModels: CaseworkReadModels,
    private readonly commands: WebCommands,
  ) {}

  @Get('items/:itemId/decision')
  async decisionPage(
    @Param('itemId') itemId: string,
    @CurrentSession() session: WebSession,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const found = await this.itemOf(itemId, session, response);
    if (!found) return;
    if (found.item.kind === 'RECALL_COUNTERSIGN') return response.redirect(303, `/items/${encodeURIComponent(itemId)}/countersignature`);
    await this.access.recordRead(session, request, found.state.crn, 'decision page', { itemId });
    this.renderItem(response, 200, session, found, { notice: textOf(request.query, 'notice') });
  }

  /** The officer's side has the information: recorded as an event, not inferred from a page view. */
  @Post('items/:itemId/acknowledgement')
  @FormFields()
  async acknowledge(@Param('itemId') itemId: string, @CurrentSession() session: WebSession, @Res() response: Response) {
    const found = await this.itemOf(itemId, session, response);
    if (!found) return;
    const refused = await this.commands.run(
      new AcknowledgeRiskInformationCommand(itemId, actorOf(session.principal), found.state.crn),
      session,
    );
    if (!refused) return response.redirect(303, `/items/${encodeURIComponent(itemId)}/decision?notice=acknowledged`);
    return this.renderItem(response, refused.status, session, await this.itemOf(itemId, session, response), { refusal: refused });
  }

  @Post('items/:itemId/decision')
  @FormFields('outcome', 'rationale', 'advice', 'revisedRosh', 'questions', 'highRiskRetentionReason', 'seenRevision')
  async decide(@Param('itemId') itemId: string, @CurrentSession() session: WebSession, @Req() request: Request, @Res() response: Response) {
    const found = await this.itemOf(itemId, session, response);
    if (!found) return;
    const { item, state } = found;
    if (item.kind === 'RECALL_COUNTERSIGN') return response.redirect(303, `/items/${encodeURIComponent(itemId)}/countersignature`);
    // Met by another item (a breach pack, recall advice), not decided here: the page says how.
    if (item.kind === 'BREACH_DUE' || item.kind === 'RECALL_DUE') return this.renderItem(response, 409, session, found, {});
    const form = formOf(request);
    // The revision of the case the page showed when the decider read it: recorded with the decision.
    const seenRevision = /^\d{1,9}$/.test(textOf(form, 'seenRevision')) ? Number(textOf(form, 'seenRevision')) : undefined;
    const draft = {
      outcome: textOf(form, 'outcome'),
      rationale: textOf(form, 'rationale'),
      advice: textOf(form, 'advice'),
      revisedRosh: textOf(form, 'revisedRosh'),
      questions: textOf(form, 'questions'),
      highRiskRetentionReason: textOf(form, 'highRiskRetentionReason'),
    };
    const actor = actorOf(session.principal);
    let command: StaffCommand;
    let errors: FieldErrors;
    if (item.kind === 'ESCALATION') {
      const checked = await checkForm(
        DecideEscalationDto,
        {
          outcome: draft.outcome,
          rationale: draft.rationale,
          advice: draft.advice || undefined,
          revisedRosh: draft.revisedRosh || undefined,
          // One question a line; only asked with "more information".
          questions:
            draft.outcome === 'MORE_INFORMATION_REQUIRED'
              ? draft.questions
                  .split(/\r?\n/)
                  .map((line) => line.trim())
                  .filter((line) => line !== '')
              : undefined,
          highRiskRetentionReason: draft.highRiskRetentionReason || undefined,
          seenRevision,
        },
        {
          outcome: { missing: 'Select what you have decided', invalid: 'Select one of the outcomes shown' },
          rationale: RATIONALE,
          advice: { missing: '', invalid: `Advice must be ${LONG_TEXT_LIMIT.toLocaleString('en-GB')} characters or fewer` },
          revisedRosh: { missing: '', invalid: 'Select a risk of serious harm level from the list' },
          questions: {
            missing: '',
            invalid: `Ask at most 20 questions, each ${LONG_TEXT_LIMIT.toLocaleString('en-GB')} characters or fewer`,
          },
          highRiskRetentionReason: {
            missing: '',
            invalid: `The reason must be ${LONG_TEXT_LIMIT.toLocaleString('en-GB')} characters or fewer`,
          },
          seenRevision: { missing: '', invalid: 'The page was out of date: read the case again' },
        },
      );
      errors = checked.errors;
      const body = checked.value;
      command = new DecideEscalationCommand(itemId, actor, body, state.crn);
    } else if (item.kind === 'RISK_INFORMATION') {
      const checked = await checkForm(
        ReviewRiskInformationDto,
        { outcome: draft.outcome, rationale: draft.rationale, seenRevision },
        {
          outcome: { missing: 'Select what came of the information', invalid: 'Select one of the outcomes shown' },
          rationale: RATIONALE,
          seenRevision: { missing: '', invalid: 'The page was out of date: read the case again' },
        },
      );
      errors = checked.errors;
      command = new ReviewRiskInformationCommand(itemId, actor, checked.value, state.crn);
    } else if (item.kind === 'TRANSFER') {
      const checked = await checkForm(
        DecideTransferDto,
        { outcome: draft.outcome, rationale: draft.rationale, seenRevision },
        {
          outcome: { missing: 'Select whether the receiving area takes the case', invalid: 'Select one of the answers shown' },
          rationale: RATIONALE,
          seenRevision: { missing: '', invalid: 'The page was out of date: read the case again' },
        },
      );
      errors = checked.errors;
      command = new DecideTransferCommand(itemId, actor, checked.value, state.crn);
    } else if (item.kind === 'BREACH_PACK') {
      const checked = await checkForm(
        DecideBreachPackDto,
        { outcome: draft.outcome, rationale: draft.rationale, seenRevision },
        {
          outcome: { missing: 'Select the action you have decided on', invalid: 'Select one of the actions shown' },
          rationale: RATIONALE,
          seenRevision: { missing: '', invalid: 'The page was out of date: read the case again' },
        },
      );
      errors = checked.errors;
      command = new DecideBreachPackCommand(itemId, actor, checked.value, state.crn);
    } else {
      return this.renderItem(response, 409, session, found, {});
    }
    if (Object.keys(errors).length > 0) return this.renderItem(response, 400, session, found, { draft, errors });
    const refused = await this.commands.run(command, session);
    if (!refused) return response.redirect(303, `/cases/${state.crn}?notice=decided`);
    return this.renderItem(response, refused.status, session, await this.itemOf(itemId, session, response), { draft, refusal: refused });
  }

  /** Any staff may read recall advice (its author revises or withdraws it from here); only an SPO or ACO signs it. */
  @Get('items/:itemId/countersignature')
  async countersignaturePage(
    @Param('itemId') itemId: string,
    @CurrentSession() session: WebSession,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const found = await this.itemOf(itemId, session, response);
    if (!found) return;
    if (found.item.kind !== 'RECALL_COUNTERSIGN') return response.redirect(303, `/items/${encodeURIComponent(itemId)}/decision`);
    await this.access.recordRead(session, request, found.state.crn, 'countersignature page', { itemId });
    this.renderItem(response, 200, session, found, { notice: textOf(request.query, 'notice') });
  }

  @Post('items/:itemId/countersignature')
  @PageRoles(...COUNTERSIGNERS)
  @FormFields('rationale')
  async countersign(
    @Param('itemId') itemId: string,
    @CurrentSession() session: WebSession,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const found = await this.itemOf(itemId, session, response);
    if (!found) return;
    if (found.item.kind !== 'RECALL_COUNTERSIGN') return response.redirect(303, `/items/${encodeURIComponent(itemId)}/decision`);
    const draft = { rationale: textOf(formOf(request), 'rationale') };
    const { value, errors } = await checkForm(CountersignDto, draft, {
      rationale: { missing: 'Enter your comment on the recall advice', invalid: RATIONALE.invalid.replace('The reasons', 'Your comment') },
    });
    if (Object.keys(errors).length > 0) return this.renderItem(response, 400, session, found, { draft, errors });
    const crn = found.state.crn;
    const refused = await this.commands.run(
      new CountersignRecallAdviceCommand(itemId, actorOf(session.principal), value.rationale, crn),
      session,
    );
    if (!refused) return response.redirect(303, `/cases/${crn}?notice=${found.item.spo ? 'issued' : 'spoSigned'}`);
    return this.renderItem(response, refused.status, session, await this.itemOf(itemId, session, response), { draft, refusal: refused });
  }

  @Get('cases/:crn/recall-advice')
  async recallAdvicePage(
    @Param('crn') crn: string,
    @CurrentSession() session: WebSession,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const found = await this.caseOf(crn, session, response);
    if (!found) return;
    await this.access.recordRead(session, request, crn, 'recall advice form', {});
    this.renderRecallAdvice(response, 200, session, found, {});
  }

  @Post('cases/:crn/recall-advice')
  @FormFields('recallAdviceId', 'recallType', 'emergency', 'basedOn', 'rationale', 'exclusion', 'exclusionDetails')
  async draftRecallAdvice(
    @Param('crn') crn: string,
    @CurrentSession() session: WebSession,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const found = await this.caseOf(crn, session, response);
    if (!found) return;
    const form = formOf(request);
    // The id was given out with the form, so sending the same form twice records one advice.
    const recallAdviceId = textOf(form, 'recallAdviceId');
    if (!RECALL_ADVICE_ID.test(recallAdviceId)) {
      return this.access.message(
        response,
        session,
        400,
        'The form had expired',
        'Nothing was recorded. Go back, reload the page and try again.',
      );
    }
    const draft = {
      recallAdviceId,
      recallType: textOf(form, 'recallType'),
      emergency: textOf(form, 'emergency'),
      rationale: textOf(form, 'rationale'),
      basedOn: listOf(form, 'basedOn'),
      exclusion: textOf(form, 'exclusion'),
      exclusionDetails: textOf(form, 'exclusionDetails'),
    };
    const { value, errors } = await checkForm(
      DraftRecallAdviceDto,
      {
        recallType: draft.recallType,
        emergency: draft.emergency === 'yes' ? true : draft.emergency === 'no' ? false : undefined,
        rationale: draft.rationale,
        basedOn: draft.basedOn,
        fixedTermExclusion: draft.exclusion ? { reason: draft.exclusion, details: draft.exclusionDetails || null } : null,
      },
      {
        recallType: { missing: 'Select the type of recall', invalid: 'Select one of the recall types shown' },
        emergency: { missing: 'Select yes if this is an emergency recall', invalid: 'Select yes or no' },
        rationale: { missing: 'Enter the reasons for recall', invalid: RATIONALE.invalid },
        basedOn: { missing: '', invalid: 'Select from the items shown' },
        fixedTermExclusion: { missing: '', invalid: 'Select one of the reasons shown, with details of 10,000 characters or fewer' },
      },
    );
    // The exclusion is one object to the API and two fields on the page: its error goes beside the reasons.
    const { fixedTermExclusion: exclusionError, ...otherErrors } = errors;
    if (exclusionError) Object.assign(otherErrors, { exclusion: exclusionError });
    if (Object.keys(otherErrors).length > 0) return this.renderRecallAdvice(response, 400, session, found, { draft, errors: otherErrors });
    // The form sent again after going back (the page gave it a new id): the advice this person already drafted stands.
    if (sameOpenAdvice(found.state, session.principal.name, value)) return response.redirect(303, `/cases/${crn}?notice=drafted`);
    const refused = await this.commands.run(new DraftRecallAdviceCommand(crn, actorOf(session.principal), recallAdviceId, value), session);
    if (!refused) return response.redirect(303, `/cases/${crn}?notice=drafted`);
    return this.renderRecallAdvice(response, refused.status, session, found, { draft, refusal: refused });
  }

  private async itemOf(
    itemId: string,
    session: WebSession,
    response: Response,
  ): Promise<{ state: CaseState; item: CaseItem; revision: number } | undefined> {
    const located = await this.readModels.findItem(itemId);
    const found = located && (await this.readModels.findCase(located.crn));
    const item = found?.state.items[itemId];
    if (!found || !item) {
      this.access.message(response, session, 404, 'Item not found', `There is no item ${itemId}.`, {
        href: '/queue',
        text: 'Back to the queue',
      });
      return undefined;
    }
    return { state: found.state, item, revision: found.revision };
  }

  private async caseOf(crn: string, session: WebSession, response: Response): Promise<{ state: CaseState } | undefined> {
    const found = CRN_PATTERN.test(crn) ? await this.readModels.findCase(crn) : undefined;
    if (!found) this.access.message(response, session, 404, 'Case not found', `There is no case ${crn}.`);
    return found;
  }

  private renderItem(
    response: Response,
    status: number,
    session: WebSession,
    found: { state: CaseState; item: CaseItem; revision: number } | undefined,
    options: { draft?: Record<string, string>; errors?: FieldErrors; refusal?: Refusal; notice?: string },
  ) {
    if (!found) return;
    const { state, item } = found;
    const me = session.principal;
    const open = isOpen(item);
    const heldByOther = item.claimedBy !== null && item.claimedBy !== me.name;
    const blocker =
      item.kind === 'RECALL_COUNTERSIGN'
        ? countersignBlocker(item, me.name, me.role)
        : item.kind === 'TRANSFER' && isOpen(item) && item.requestedBy === me.name
          ? 'You asked for this transfer, so the receiving area must answer it.'
          : item.kind === 'BREACH_DUE' && isOpen(item)
            ? `This waits for ${item.heldBy}'s breach pack, citing the failures to comply. Proceedings are waived only for exceptional reasons (POST /v1/breach-due/${item.itemId}/waiver).`
            : item.kind === 'RECALL_DUE' && isOpen(item)
              ? `This is met by recall advice drafted on breach pack ${item.breachPackId}.`
              : undefined;
    const showForm = open && !heldByOther && !blocker && (!options.refusal || options.refusal.retry);
    const title =
      item.kind === 'RECALL_COUNTERSIGN'
        ? `Countersign recall advice on case ${state.crn}`
        : `Decide: ${kindLabel(item.kind).toLowerCase()} on case ${state.crn}`;
    this.views.render(response, status, 'pages/item.njk', {
      ...this.access.page(session, title, '', options.notice),
      crn: state.crn,
      seenRevision: found.revision,
      item: { itemId: item.itemId, kind: item.kind, kindLabel: kindLabel(item.kind), claimedBy: item.claimedBy, open },
      facts: itemFacts(item, state, this.access.now()),
      outcome: item.kind === 'RECALL_COUNTERSIGN' ? undefined : decisionText(item),
      exchanges: item.kind === 'ESCALATION' ? exchangesOf(item) : [],
      awaitingProvider: pendingInformationRequest(item) !== undefined,
      mayRetainAtHighRisk: hasRole(me.role, COUNTERSIGNERS),
      signatures: item.kind === 'RECALL_COUNTERSIGN' ? signaturesOf(item) : undefined,
      heldByOther,
      mayClaim: open && item.claimedBy === null && (item.kind !== 'RECALL_COUNTERSIGN' || !blocker),
      mine: item.claimedBy === me.name,
      blocker,
      showForm,
      signAs: item.kind === 'RECALL_COUNTERSIGN' ? (item.spo ? 'ACO' : 'SPO') : undefined,
      recallActions:
        item.kind === 'RECALL_COUNTERSIGN' ? recallActionsFor(item, state.crn, me.name, me.role) : itemLinksFor(item, state.crn),
      mayAcknowledge: item.kind === 'RISK_INFORMATION' && open && !item.acknowledged && !heldByOther,
      refusal: options.refusal,
      draft: options.draft ?? {},
      errorFor: options.errors ?? {},
      errors:
        options.errors && Object.keys(options.errors).length > 0
          ? errorList(options.errors, ['outcome', 'rationale', 'questions', 'advice', 'revisedRosh', 'highRiskRetentionReason'])
          : undefined,
      outcomes:
        item.kind === 'ESCALATION'
          ? ESCALATION_OUTCOMES.map((value) => ({
              value,
              text: ESCALATION_OUTCOME_LABELS[value].text,
              hint: { text: ESCALATION_OUTCOME_LABELS[value].hint },
              checked: options.draft?.['outcome'] === value,
            }))
          : item.kind === 'TRANSFER'
            ? TRANSFER_OUTCOMES.map((value) => ({
                value,
                text: TRANSFER_OUTCOME_LABELS[value],
                checked: options.draft?.['outcome'] === value,
              }))
            : item.kind === 'RISK_INFORMATION'
              ? RISK_REVIEW_OUTCOMES.map((value) => ({
                  value,
                  text: RISK_REVIEW_OUTCOME_LABELS[value],
                  checked: options.draft?.['outcome'] === value,
                }))
              : breachOutcomesFor(state).map((value) => ({
                  value,
                  text: BREACH_OUTCOME_LABELS[value],
                  checked: options.draft?.['outcome'] === value,
                })),
      roshOptions: [
        { value: '', text: `No change (now ${ROSH_LABELS[state.rosh].toLowerCase()})` },
        ...ROSH_LEVELS.map((value) => ({ value, text: ROSH_LABELS[value], selected: options.draft?.['revisedRosh'] === value })),
      ],
      returnTo: `/items/${encodeURIComponent(item.itemId)}/${item.kind === 'RECALL_COUNTERSIGN' ? 'countersignature' : 'decision'}`,
    });
  }

  private renderRecallAdvice(
    response: Response,
    status: number,
    session: WebSession,
    found: { state: CaseState },
    options: {
      draft?: {
        recallAdviceId: string;
        recallType: string;
        emergency: string;
        rationale: string;
        basedOn: string[];
        exclusion: string;
        exclusionDetails: string;
      };
      errors?: FieldErrors;
      refusal?: Refusal;
    },
  ) {
    const { state } = found;
    const draft = options.draft ?? {
      recallAdviceId: `ra-${randomUUID()}`,
      recallType: '',
      emergency: '',
      rationale: '',
      basedOn: [],
      exclusion: '',
      exclusionDetails: '',
    };
    const bases = Object.values(state.items).filter((item) => isProviderItem(item) || item.kind === 'RISK_INFORMATION');
    this.views.render(response, status, 'pages/recall-advice.njk', {
      ...this.access.page(session, `Advise recall on case ${state.crn}`, ''),
      crn: state.crn,
      draft,
      refusal: options.refusal,
      errorFor: options.errors ?? {},
      errors:
        options.errors && Object.keys(options.errors).length > 0
          ? errorList(options.errors, ['recallType', 'emergency', 'exclusion', 'exclusionDetails', 'basedOn', 'rationale'])
          : undefined,
      recallTypes: RECALL_TYPES.map((value) => ({
        value,
        text: RECALL_TYPE_LABELS[value].text,
        hint: { text: RECALL_TYPE_LABELS[value].hint },
        checked: draft.recallType === value,
      })),
      emergencyOptions: [
        { value: 'yes', text: 'Yes', checked: draft.emergency === 'yes' },
        { value: 'no', text: 'No', checked: draft.emergency === 'no' },
      ],
      sentenceText: `${state.sentence.type} (${state.sentence.kind.toLowerCase().replace(/_/g, ' ')})${state.mappa ? `, MAPPA category ${state.mappa.category} level ${state.mappa.level}` : ''}`,
      exclusions: [
        { value: '', text: 'None: a fixed-term recall', checked: draft.exclusion === '' },
        ...FIXED_TERM_EXCLUSIONS.filter((value) => value !== 'EXTENDED_OR_INDETERMINATE_SENTENCE').map((value) => ({
          value,
          text: FIXED_TERM_EXCLUSION_LABELS[value],
          checked: draft.exclusion === value,
        })),
      ],
      bases: bases.map((item) => ({
        value: item.itemId,
        text: `${kindLabel(item.kind)} ${item.itemId}`,
        hint: { text: `${item.summary} (${isOpen(item) ? 'not decided yet' : 'decided'})` },
        checked: draft.basedOn.includes(item.itemId),
      })),
    });
  }
}

/** Whether this person already has open advice on the case saying exactly this. */
function sameOpenAdvice(state: CaseState, author: string, advice: DraftRecallAdviceDto): boolean {
  const basis = [...new Set(advice.basedOn)].sort().join(' ');
  return Object.values(state.items).some(
    (item) =>
      item.kind === 'RECALL_COUNTERSIGN' &&
      isOpen(item) &&
      item.authoredBy === author &&
      item.recallType === advice.recallType &&
      item.emergency === advice.emergency &&
      item.rationale === advice.rationale.trim() &&
      [...item.basedOn].sort().join(' ') === basis,
  );
}

const RECALL_STATUS_WORDS: Record<RecallAdviceStatus, string> = {
  AWAITING_SPO: 'Waiting for an SPO to countersign',
  AWAITING_ACO: 'Waiting for an ACO to countersign',
  RETURNED: 'Returned to its author',
  WITHDRAWN: 'Withdrawn by its author',
  ISSUED: 'Issued',
};

/** Where this person may go from recall advice: return it, revise or withdraw their own, or record what followed its issue. */
function recallActionsFor(item: RecallAdviceItem, crn: string, name: string, role: string): { href: string; text: string }[] {
  const to = (action: string, text: string) => ({ href: `/cases/${crn}/${action}?item=${encodeURIComponent(item.itemId)}`, text });
  const status = recallAdviceStatus(item);
  if (status === 'ISSUED') return [to('recall-step', 'Record what followed the recall')];
  if (status === 'WITHDRAWN') return [];
  const actions = [];
  if (status !== 'RETURNED' && !countersignBlocker(item, name, role) && hasRole(role, COUNTERSIGNERS))
    actions.push(to('recall-return', 'Return it to the author instead'));
  if (item.authoredBy === name) {
    if (status === 'RETURNED') actions.push(to('recall-revision', 'Revise the advice'));
    actions.push(to('recall-withdrawal', 'Withdraw the advice'));
  }
  return actions;
}

/** Why this person may not countersign this advice now, in words; undefined if they may. */
function countersignBlocker(item: RecallAdviceItem, name: string, role: string): string | undefined {
  if (item.issuedAt || item.withdrawn) return undefined;
  const returned = pendingReturn(item);
  if (returned)
    return `The ${returned.stage} returned this advice to ${item.authoredBy === name ? 'you' : item.authoredBy}: nobody can countersign it until it is revised.`;
  const next = item.spo ? 'aco' : 'spo';
  if (item.authoredBy === name) return 'You wrote this recall advice, so someone else must countersign it.';
  if (item.spo?.by === name) return 'You have countersigned this advice already. An ACO who has not signed it must countersign it next.';
  if (role !== next) return `This advice needs ${roleName(next)} to countersign it next. You are signed in as ${roleName(role)}.`;
  return undefined;
}

/** The breach outcomes the case's sentence allows: orders go to court, licences to recall (unknown kinds: all, the rules say why). */
function breachOutcomesFor(state: CaseState): BreachOutcome[] {
  const kind = state.sentence.kind;
  if (kind === 'UNKNOWN') return [...BREACH_OUTCOMES];
  return BREACH_OUTCOMES.filter(
    (outcome) =>
      (outcome !== 'RETURN_TO_COURT' || COURT_ENFORCED_SENTENCE_KINDS.includes(kind)) &&
      (outcome !== 'RECALL' || CUSTODIAL_SENTENCE_KINDS.includes(kind)),
  );
}

/** Where this person may go from an item besides deciding it: court stages of a breach returned to court, recall advice due. */
function itemLinksFor(item: CaseItem, crn: string): { href: string; text: string }[] {
  if (item.kind === 'BREACH_PACK' && item.decision?.outcome === 'RETURN_TO_COURT' && item.court.length < 3)
    return [{ href: `/cases/${crn}/court-stage?item=${encodeURIComponent(item.itemId)}`, text: 'Record where it stands at court' }];
  if (item.kind === 'RECALL_DUE' && isOpen(item)) return [{ href: `/cases/${crn}/recall-advice`, text: 'Draft recall advice' }];
  return [];
}

function itemFacts(item: CaseItem, state: CaseState, now: Date) {
  const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value } });
  const due = row(
    'Due',
    `${dateTimeText(item.dueAt)} (${isOpen(item) ? timeLeftText(new Date(item.dueAt), now).toLowerCase() : 'closed'})`,
  );
  const held = row('Held by', item.claimedBy ?? 'Nobody');
  switch (item.kind) {
    case 'ESCALATION':
      return [
        row('Raised by', item.raisedBy),
        row('Urgency', URGENCY_LABELS[item.urgency]),
        row('Proposed RoSH', `${ROSH_LABELS[item.proposedRosh]} (now ${ROSH_LABELS[state.rosh].toLowerCase()})`),
        row('Triggers', triggersText(item.triggers)),
        row('What the provider says', item.summary),
        ...(item.providerKnewAt ? [row('Provider first knew', dateTimeText(item.providerKnewAt))] : []),
        row('Received', dateTimeText(item.openedAt)),
        due,
        row('Time taken', clockText(itemClock(item, now))),
        held,
      ];
    case 'BREACH_PACK':
      return [
        row('Requirement', item.requirement),
        row('Provider recommends', RECOMMENDATION_LABELS[item.providerRecommendation]),
        row('What the provider says', item.summary),
        row('Received', dateTimeText(item.openedAt)),
        ...(item.failureIds.length > 0 ? [row('Failures cited', item.failureIds.join(', '))] : []),
        ...item.court.map((stage) =>
          row(
            COURT_STAGE_LABELS[stage.stage],
            `${stage.on}${stage.outcome ? `: ${COURT_OUTCOME_LABELS[stage.outcome]}` : ''}${stage.details ? ` (${stage.details})` : ''}`,
          ),
        ),
        due,
        held,
      ];
    case 'BREACH_DUE':
      return [row('Why', item.reason), row('Failure', item.failureId), row('After warning', item.warningId), row('For', item.heldBy), due];
    case 'RECALL_DUE':
      return [row('Breach pack', item.breachPackId), due];
    case 'RISK_INFORMATION':
      return [
        row('Source', `${RISK_SOURCE_LABELS[item.source]}${item.threat ? ' (a threat)' : ''}`),
        row('How it came', item.channel),
        row('Known since', `${dateTimeText(item.knownAt)}, received by ${item.receivedBy}`),
        row('What was said', item.summary),
        row(
          'Recorded',
          `${item.recordedBy}${item.recordedByProvider ? ` (${item.recordedByProvider})` : ''}, ${dateTimeText(item.openedAt)}`,
        ),
        row('For the officer of', item.heldBy === 'NPS' ? 'The public service' : item.heldBy),
        row(
          'Acknowledged',
          item.acknowledged
            ? `${item.acknowledged.by}, ${dateTimeText(item.acknowledged.at)}${item.acknowledged.late ? ' (late)' : ''}`
            : 'Not yet',
        ),
        due,
        held,
      ];
    case 'TRANSFER':
      return [
        row('From', `${item.fromLdu} (${item.fromProvider})`),
        row('To', `${item.toLdu} (${item.toProvider})`),
        row('Asked by', `${item.requestedBy}, ${dateTimeText(item.openedAt)}`),
        row('Why', item.reason),
        due,
        held,
      ];
    case 'RECALL_COUNTERSIGN':
      return [
        row('Status', RECALL_STATUS_WORDS[recallAdviceStatus(item)]),
        row('Recall type', `${RECALL_TYPE_LABELS[item.recallType].text}${item.emergency ? ' (emergency)' : ''}`),
        ...(item.fixedTermExclusion
          ? [
              row(
                'Not fixed-term because',
                `${FIXED_TERM_EXCLUSION_LABELS[item.fixedTermExclusion.reason]}${item.fixedTermExclusion.details ? `: ${item.fixedTermExclusion.details}` : ''}`,
              ),
            ]
          : []),
        row('Written by', `${item.authoredBy}, ${dateTimeText(item.openedAt)}`),
        row('Reasons', item.rationale),
        row('Based on', item.basedOn.join(', ') || 'Nothing recorded in the hub'),
        ...item.returns.map((returned, index) =>
          row(
            `Returned (${index + 1})`,
            `By the ${returned.stage} (${returned.by}), ${dateTimeText(returned.at)}: ${returned.reason}${returned.revision ? `. Revised ${dateTimeText(returned.revision.at)}: ${returned.revision.note}` : '. Not yet revised'}`,
          ),
        ),
        ...(item.withdrawn ? [row('Withdrawn', `${dateTimeText(item.withdrawn.at)}: ${item.withdrawn.reason}`)] : []),
        ...item.progress.map((step) =>
          row(
            RECALL_STEP_LABELS[step.step],
            `${dateTimeText(step.happenedAt)}${step.details ? `: ${step.details}` : ''} (recorded by ${step.recordedBy})`,
          ),
        ),
        due,
        held,
      ];
  }
}

/** Each side's time, in words: the public service's, the provider's answering questions, and before it escalated. */
function clockText(clock: ReturnType<typeof itemClock>): string {
  const duration = (minutes: number) =>
    minutes < 60
      ? `${minutes} min`
      : minutes < 48 * 60
        ? `${Math.floor(minutes / 60)} h ${minutes % 60} min`
        : `${Math.floor(minutes / 1440)} days`;
  const parts = [`public service ${duration(clock.publicServiceMinutes)}`];
  if (clock.providerMinutes > 0) parts.push(`provider answering questions ${duration(clock.providerMinutes)}`);
  if (clock.providerBeforeEscalatingMinutes !== null)
    parts.push(`provider before escalating ${duration(clock.providerBeforeEscalatingMinutes)}`);
  return parts.join('; ');
}

/** The questions put to the provider on an escalation, and its answers, oldest first. */
function exchangesOf(item: Extract<CaseItem, { kind: 'ESCALATION' }>) {
  return item.informationRequests.map((request) => ({
    asked: `${request.askedBy}, ${dateTimeText(request.askedAt)}`,
    questions: request.questions,
    reasons: request.rationale,
    answerDue: dateTimeText(request.answerDueAt),
    answer: request.answer && {
      text: request.answer.text,
      by: `${request.answer.answeredBy}, ${dateTimeText(request.answer.answeredAt)}${request.answer.late ? ' (late)' : ''}`,
    },
  }));
}

function decisionText(item: Exclude<CaseItem, RecallAdviceItem>) {
  if (!item.decision) return undefined;
  const outcome = outcomeLabel(item);
  const advice = item.kind === 'ESCALATION' ? item.decision.advice : null;
  return {
    outcome,
    by: item.decision.decidedBy,
    at: dateTimeText(item.decision.decidedAt),
    rationale: item.decision.rationale,
    advice,
    late: item.decision.late,
  };
}

function signaturesOf(item: RecallAdviceItem) {
  const signature = (label: string, signed: RecallAdviceItem['spo']) =>
    signed ? { label, text: `${signed.by}, ${dateTimeText(signed.at)}`, rationale: signed.rationale } : { label, text: 'Not yet' };
  return {
    spo: signature('SPO countersignature', item.spo),
    aco: signature('ACO countersignature', item.aco),
    issuedAt: item.issuedAt ? dateTimeText(item.issuedAt) : undefined,
  };
}
