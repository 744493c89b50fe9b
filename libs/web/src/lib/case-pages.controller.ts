import { Controller, Get, Inject, Param, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  AccessLog,
  BrokenChainError,
  EvidenceExporter,
  IntegrityCompromisedError,
  LogCatchingUpError,
  replayCase,
  TimelineEntry,
} from '@escalation-hub/audit-application';
import { timelineCsv, timelineHtml } from '@escalation-hub/audit-http';
import { CaseItem, CaseState, CRN_PATTERN, isOpen, isProviderItem, streamNameFor } from '@escalation-hub/casework-domain';
import { caseActionsFor } from './case-actions.controller';
import { ChainBreak, EventLog } from '@escalation-hub/event-store';
import type { WebSession } from '@escalation-hub/identity';
import { errorList, textOf, textQuery } from './forms';
import { DateTimeFields, londonFields, parseLondonDateTime } from './london-time';
import { actionFor } from './item-links';
import { pageOf, paginationOf } from './paging';
import { hasRole, READERS, roleName, STAFF, WebAccess } from './web-access';
import { CurrentSession, PageRoles, WebPageGuard, WebPageRefusalFilter } from './web-page.guard';
import { WebViews } from './web.views';
import {
  CLOSURE_REASON_LABELS,
  dateTimeText,
  describeEvent,
  kindLabel,
  outcomeLabel,
  plural,
  ROSH_LABELS,
  spanText,
  timeLeftText,
} from './wording';

const ACCESS_LOG_PAGE_SIZE = 50;
const TIMELINE_PAGE_SIZE = 100;

/** The moment a page is cut at: `asOf` (ISO, from links) or the picker's fields (London time), or now. */
type Cut = { asOf?: Date; fields: DateTimeFields; error?: { field: string; text: string } };

/**
 * Reading a case: finding it, the case page (its state, items and timeline, as it stands or as it
 * stood at a moment, with the integrity of its record), its downloads and its access log. Every
 * reading is recorded in the case's access log before it is answered.
 */
@ApiExcludeController()
@Controller('cases')
@UseGuards(WebPageGuard)
@UseFilters(WebPageRefusalFilter)
@PageRoles(...READERS)
export class CasePagesController {
  constructor(
    private readonly access: WebAccess,
    private readonly views: WebViews,
    private readonly log: EventLog,
    private readonly accessLog: AccessLog,
    @Inject(EvidenceExporter) private readonly exporter: EvidenceExporter | null,
  ) {}

  @Get()
  async find(@CurrentSession() session: WebSession, @Res() response: Response, @Query() rawQuery: Record<string, unknown>) {
    const crnQuery = 'crn' in rawQuery ? textOf(rawQuery, 'crn') : undefined;
    const crn = (crnQuery ?? '').trim().toUpperCase();
    let error: string | undefined;
    if (crnQuery !== undefined) {
      if (!crn) error = 'Enter a case reference number';
      else if (!CRN_PATTERN.test(crn)) error = 'Enter a case reference number in the right format, like X123456';
      else if (!(await this.exists(crn))) error = `There is no case ${crn}`;
      else return response.redirect(303, `/cases/${crn}`);
    }
    this.views.render(response, error ? 400 : 200, 'pages/find-case.njk', {
      ...this.access.page(session, 'Find a case', '/cases'),
      crn: crnQuery ?? '',
      error,
      errors: error ? [{ text: error, href: '#crn' }] : undefined,
    });
  }

  @Get(':crn')
  async casePage(
    @Param('crn') crn: string,
    @CurrentSession() session: WebSession,
    @Req() request: Request,
    @Res() response: Response,
    @Query() rawQuery: Record<string, unknown>,
  ) {
    const query = textQuery(rawQuery);
    if (!(await this.foundCase(crn, session, request, response))) return;
    const cut = cutOf(query);
    const timeline = await replayCase(this.log, crn, { asOf: cut.error ? undefined : cut.asOf });
    const verification = await this.log.verifyStream(streamNameFor(crn));
    await this.access.recordRead(session, request, crn, 'case page', cut.asOf && !cut.error ? { asOf: cut.asOf.toISOString() } : {});

    const role = session.principal.role;
    const now = this.access.now();
    const state = timeline.state;
    const asOfQuery = cut.asOf && !cut.error ? `?asOf=${encodeURIComponent(cut.asOf.toISOString())}` : '';
    const items = state ? Object.values(state.items) : [];
    this.views.render(response, cut.error ? 400 : 200, 'pages/case.njk', {
      ...this.access.page(
        session,
        cut.asOf && !cut.error ? `Case ${crn} as it stood at ${dateTimeText(cut.asOf)}` : `Case ${crn}`,
        '/cases',
        query['notice'],
      ),
      crn,
      asOfText: cut.asOf && !cut.error ? dateTimeText(cut.asOf) : undefined,
      shownEvents: timeline.entries.length,
      allEvents: verification.events,
      facts: state ? caseFacts(state) : undefined,
      openItems: items.filter(isOpen).map((item) => ({
        ...itemRow(item),
        timeLeft: timeLeftText(new Date(item.dueAt), cut.asOf && !cut.error ? cut.asOf : now),
        overdue: new Date(item.dueAt) < (cut.asOf && !cut.error ? cut.asOf : now),
        claimedBy: item.claimedBy,
        // Past states are for reading: no actions on them.
        action: cut.asOf && !cut.error ? undefined : actionFor(item.itemId, item.kind, role),
      })),
      closedItems: items.filter((item) => !isOpen(item)).map((item) => ({ ...itemRow(item), ...closedItemText(item) })),
      mayDraftRecall: hasRole(role, STAFF) && !asOfQuery && items.some(isProviderItem),
      actions: hasRole(role, STAFF) && !asOfQuery && state ? caseActionsFor(state, role) : [],
      ...timelinePage(
        timeline.entries,
        query['events'],
        (to) =>
          `/cases/${crn}?${new URLSearchParams({ ...(asOfQuery ? { asOf: cut.asOf?.toISOString() ?? '' } : {}), events: String(to) })}#timeline`,
      ),
      showHashes: role === 'auditor',
      integrity: verification.valid
        ? { intact: true, text: `All ${verification.events} events match their hashes and link in order.`, headHash: verification.headHash }
        : {
            intact: false,
            text: `The record was altered: the event at revision ${verification.firstInvalid?.streamVersion} fails its check (${chainBreakText(verification.firstInvalid?.reason)}).`,
          },
      downloads: {
        csv: `/cases/${crn}/timeline.csv${asOfQuery}`,
        html: `/cases/${crn}/timeline.html${asOfQuery}`,
        bundle: role === 'auditor' ? `/cases/${crn}/evidence-bundle.json` : undefined,
      },
      accessLog: role === 'auditor' ? `/cases/${crn}/access-log` : undefined,
      picker: { ...cut.fields, error: cut.error },
      errors: cut.error ? errorList({ [`asOf-${cut.error.field}`]: cut.error.text }, []) : undefined,
    });
  }

  @Get(':crn/timeline.csv')
  timelineCsv(
    @Param('crn') crn: string,
    @CurrentSession() session: WebSession,
    @Req() request: Request,
    @Res() response: Response,
    @Query() rawQuery: Record<string, unknown>,
  ) {
    return this.download(crn, 'csv', session, request, response, textQuery(rawQuery));
  }

  @Get(':crn/timeline.html')
  timelineHtml(
    @Param('crn') crn: string,
    @CurrentSession() session: WebSession,
    @Req() request: Request,
    @Res() response: Response,
    @Query() rawQuery: Record<string, unknown>,
  ) {
    return this.download(crn, 'html', session, request, response, textQuery(rawQuery));
  }

  @Get(':crn/evidence-bundle.json')
  @PageRoles('auditor')
  async bundle(@Param('crn') crn: string, @CurrentSession() session: WebSession, @Req() request: Request, @Res() response: Response) {
    if (!(await this.foundCase(crn, session, request, response))) return;
    try {
      if (!this.exporter) throw new Error('Evidence bundles are exported by the audit service');
      const bundle = await this.exporter.export(crn, session.principal.name, this.access.now());
      await this.access.recordRead(session, request, crn, 'export', {});
      response
        .type('application/json; charset=utf-8')
        .attachment(`case-${crn}-evidence.json`)
        .set('cache-control', 'no-store')
        .send(JSON.stringify(bundle));
    } catch (error) {
      if (!(error instanceof BrokenChainError) && !(error instanceof IntegrityCompromisedError) && !(error instanceof LogCatchingUpError))
        throw error;
      const status = error instanceof BrokenChainError ? 409 : 503;
      this.access.message(response, session, status, 'The hub will not sign this record', error.message, {
        href: `/cases/${crn}`,
        text: `Back to case ${crn}`,
      });
    }
  }

  @Get(':crn/access-log')
  @PageRoles('auditor')
  async accessLogPage(
    @Param('crn') crn: string,
    @CurrentSession() session: WebSession,
    @Req() request: Request,
    @Res() response: Response,
    @Query() rawQuery: Record<string, unknown>,
  ) {
    if (!(await this.foundCase(crn, session, request, response))) return;
    const total = await this.accessLog.count(crn);
    // The reading about to be recorded is part of what is shown.
    const { page, pages, offset } = pageOf(textOf(rawQuery, 'page'), total + 1, ACCESS_LOG_PAGE_SIZE);
    await this.access.recordRead(session, request, crn, 'access-log', page > 1 ? { page: String(page) } : {});
    const entries = await this.accessLog.newestFirst(crn, { limit: ACCESS_LOG_PAGE_SIZE, offset });
    this.views.render(response, 200, 'pages/access-log.njk', {
      ...this.access.page(session, `Who read case ${crn}`, '/cases'),
      crn,
      count: `Showing ${offset + 1} to ${offset + entries.length} of ${plural(total + 1, 'reading')}`,
      pagination: paginationOf(page, pages, (to) => `/cases/${crn}/access-log?page=${to}`),
      reads: entries.map((read) => ({
        at: dateTimeText(read.at),
        who: read.actor.id,
        role: read.actor.provider ? `provider ${read.actor.provider}` : roleName(read.actor.role),
        view: read.view,
        query: Object.entries(read.query)
          .map(([key, value]) => `${key}=${value}`)
          .join(', '),
        from: read.from,
      })),
    });
  }

  private async download(
    crn: string,
    format: 'csv' | 'html',
    session: WebSession,
    request: Request,
    response: Response,
    query: Record<string, string>,
  ) {
    if (!(await this.foundCase(crn, session, request, response))) return;
    const cut = cutOf(query);
    if (cut.error)
      return this.access.message(response, session, 400, 'That moment is not valid', cut.error.text, {
        href: `/cases/${crn}`,
        text: `Back to case ${crn}`,
      });
    const timeline = await replayCase(this.log, crn, { asOf: cut.asOf });
    const asOf = cut.asOf?.toISOString();
    await this.access.recordRead(session, request, crn, `timeline.${format}`, asOf ? { asOf } : {});
    response.set('cache-control', 'no-store');
    if (format === 'csv') {
      response.type('text/csv; charset=utf-8').attachment(`case-${crn}-timeline.csv`).send(timelineCsv(timeline));
    } else {
      response
        .type('text/html; charset=utf-8')
        .attachment(`case-${crn}-timeline.html`)
        .send(timelineHtml(timeline, { asOf }, this.access.now().toISOString(), session.principal.name));
    }
  }

  /** True if the case exists; otherwise answers (a redirect to the CRN in capitals, or 404) and is false. */
  private async foundCase(crn: string, session: WebSession, request: Request, response: Response): Promise<boolean> {
    // Case references are written in capitals; a link typed in lower case finds the case all the same.
    if (crn !== crn.toUpperCase() && CRN_PATTERN.test(crn.toUpperCase())) {
      response.redirect(301, `/cases/${crn.toUpperCase()}${request.originalUrl.slice(request.path.length)}`);
      return false;
    }
    if (await this.exists(crn)) return true;
    this.access.message(response, session, 404, 'Case not found', `There is no case ${crn}.`);
    return false;
  }

  private async exists(crn: string): Promise<boolean> {
    return CRN_PATTERN.test(crn) && (await this.log.readStream(streamNameFor(crn), { maxCount: 1 })).length > 0;
  }
}

/** The "as it stood at" moment from the query: an ISO `asOf` from a link, or the picker's London date and time. */
function cutOf(query: Record<string, string>): Cut {
  if (query['asOf']) {
    const at = new Date(query['asOf']);
    if (Number.isNaN(at.getTime()) || !/(Z|[+-]\d{2}:\d{2})$/.test(query['asOf'])) {
      return { fields: {}, error: { field: 'day', text: 'The link’s moment is not a date and time; choose one below' } };
    }
    return { asOf: at, fields: londonFields(at) };
  }
  const fields = { day: query['asOf-day'], month: query['asOf-month'], year: query['asOf-year'], time: query['asOf-time'] };
  if ([fields.day, fields.month, fields.year, fields.time].every((value) => !value?.trim())) return { fields };
  const parsed = parseLondonDateTime(fields, 'the date');
  return 'at' in parsed ? { asOf: parsed.at, fields } : { fields, error: parsed.error };
}

function caseFacts(state: CaseState) {
  const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value } });
  return [
    row('Managed by', managerName(state.managedBy)),
    ...(state.managementPeriods.length > 1
      ? [
          row(
            'Managed before',
            state.managementPeriods
              .slice(0, -1)
              .map((period) => `${managerName(period.managedBy)}, until ${dateTimeText(period.until ?? period.from)}`)
              .join('; '),
          ),
        ]
      : []),
    row('Allocation', `${state.allocation.reason} (${dateTimeText(state.allocation.allocatedAt)}, by ${state.allocation.allocatedBy})`),
    row('Provider for the area', `${state.provider} (${state.ldu})`),
    row('Risk of serious harm', ROSH_LABELS[state.rosh]),
    row('MAPPA', state.mappa ? `Category ${state.mappa.category}, level ${state.mappa.level}` : 'Not managed under MAPPA'),
    ...(state.publicInterest
      ? [
          row(
            'Exceptional public interest',
            `${state.publicInterest.reason}${state.publicInterest.authorisedBy ? ` (authorised by ${state.publicInterest.authorisedBy})` : ''}`,
          ),
        ]
      : []),
    row(
      'Victim contact',
      `${state.victimContactEligible ? 'Statutory victim contact applies' : 'Not eligible'}. ${state.victimContactBasis}`,
    ),
    row(
      'Sentence',
      `${sentenceText(state.sentence)} (since ${dateTimeText(state.sentenceHistory.at(-1)?.from ?? state.allocation.allocatedAt)})`,
    ),
    ...(state.sentenceHistory.length > 1
      ? [
          row(
            'Earlier sentences',
            state.sentenceHistory
              .slice(0, -1)
              .map((entry) => `${sentenceText(entry.sentence)} (from ${dateTimeText(entry.from)})`)
              .join('; '),
          ),
        ]
      : []),
    ...(state.closure
      ? [
          row(
            'Closed',
            `${CLOSURE_REASON_LABELS[state.closure.reason]}${state.closure.details ? ` (${state.closure.details})` : ''}, from ${state.closure.closedOn}; recorded by ${state.closure.closedBy}, ${dateTimeText(state.closure.closedAt)}`,
          ),
        ]
      : []),
  ];
}

/** A sentence as staff read it: its words, kind, length, offence, and what it requires. */
function sentenceText(sentence: CaseState['sentence']): string {
  const parts = [
    `${sentence.type} (${SENTENCE_KIND_LABELS[sentence.kind]})`,
    `${sentence.lengthMonths} months${sentence.custodialTermMonths === null ? '' : `, custodial term ${sentence.custodialTermMonths} months`}`,
    `${sentence.offenceCategory.toLowerCase()} offence`,
    ...(sentence.imposedOn ? [`imposed ${sentence.imposedOn}`] : []),
    ...(sentence.requirements.length ? [`requirements: ${sentence.requirements.join('; ')}`] : []),
    ...(sentence.licenceConditions.length ? [`licence conditions: ${sentence.licenceConditions.join('; ')}`] : []),
  ];
  return parts.join(', ');
}

const SENTENCE_KIND_LABELS: Readonly<Record<CaseState['sentence']['kind'], string>> = {
  COMMUNITY_ORDER: 'community order',
  SUSPENDED_SENTENCE_ORDER: 'suspended sentence order',
  DETERMINATE_CUSTODY: 'determinate custody, licence',
  EXTENDED_DETERMINATE: 'extended determinate sentence',
  INDETERMINATE: 'indeterminate: life or IPP',
  POST_SENTENCE_SUPERVISION: 'post-sentence supervision',
  RESTRICTED_HOSPITAL_ORDER: 'restricted hospital order',
  UNKNOWN: 'kind not recorded',
};

function managerName(managedBy: string): string {
  return managedBy === 'NPS' ? 'The public service (NPS)' : managedBy;
}

function itemRow(item: CaseItem) {
  return {
    itemId: item.itemId,
    kindLabel: kindLabel(item.kind),
    summary: itemSummary(item),
  };
}

/** One line on what an item is about. */
function itemSummary(item: CaseItem): string {
  switch (item.kind) {
    case 'RECALL_COUNTERSIGN':
      return item.rationale;
    case 'TRANSFER':
      return `To ${item.toLdu}: ${item.reason}`;
    case 'BREACH_DUE':
      return item.reason;
    case 'RECALL_DUE':
      return `Breach pack ${item.breachPackId} was decided recall`;
    default:
      return item.summary;
  }
}

function closedItemText(item: CaseItem): { outcome: string; by: string; at: string; late: boolean } {
  if (item.withdrawn) {
    // Recall advice is also withdrawn by its author, for the reason given; anything else only when the case closed.
    const outcome = item.kind === 'RECALL_COUNTERSIGN' ? `Withdrawn: ${item.withdrawn.reason}` : 'Withdrawn: the case closed';
    return { outcome, by: '', at: dateTimeText(item.withdrawn.at), late: false };
  }
  if (item.kind === 'RECALL_COUNTERSIGN') {
    const issuedAt = item.issuedAt ?? item.dueAt;
    return {
      outcome: 'Issued',
      by: `${item.spo?.by} and ${item.aco?.by}`,
      at: dateTimeText(issuedAt),
      late: Date.parse(issuedAt) > Date.parse(item.dueAt),
    };
  }
  if (!item.decision) return { outcome: '', by: '', at: '', late: false };
  return {
    outcome: outcomeLabel(item) ?? '',
    by: item.decision.decidedBy,
    at: dateTimeText(item.decision.decidedAt),
    late: item.decision.late,
  };
}

/** A long timeline a hundred events at a time, oldest first; the downloads always hold all of it. */
function timelinePage(entries: TimelineEntry[], asked: string | undefined, href: (page: number) => string) {
  const { page, pages, offset } = pageOf(asked, entries.length, TIMELINE_PAGE_SIZE);
  return {
    timeline: entries.slice(offset, offset + TIMELINE_PAGE_SIZE).map(timelineRow),
    timelinePagination: paginationOf(page, pages, href),
  };
}

function timelineRow(entry: TimelineEntry) {
  return {
    revision: entry.revision,
    when: dateTimeText(entry.occurredAt),
    occurredAt: entry.occurredAt,
    what: describeEvent({ type: entry.type, data: entry.data } as Parameters<typeof describeEvent>[0]),
    who: entry.actor.id,
    role: entry.actor.provider ? `provider ${entry.actor.provider}` : roleName(entry.actor.role),
    lateness: entry.lateness
      ? { late: entry.lateness.late, text: `${entry.lateness.late ? 'Late' : 'On time'}: took ${spanText(entry.lateness.tookMs)}` }
      : undefined,
    hash: entry.hash,
    disclosedTo: entry.disclosedTo,
  };
}

const CHAIN_BREAKS: Record<ChainBreak, string> = {
  HASH_MISMATCH: 'its content no longer matches its hash',
  BROKEN_LINK: 'it does not link to the event before it',
  VERSION_GAP: 'an event before it is missing or out of place',
};

function chainBreakText(reason: ChainBreak | undefined): string {
  return reason ? CHAIN_BREAKS[reason] : 'unknown';
}
