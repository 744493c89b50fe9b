import { Controller, Get, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { countLateItems, DisclosureChannel, LateItemsFilter, lateItems, listDisclosures } from '@escalation-hub/audit-application';
import { disclosuresCsv, lateItemsCsv } from '@escalation-hub/audit-http';
import { AWAITING_SIDES, CRN_PATTERN, PROVIDER_CODE_PATTERN, QueueItemKind } from '@escalation-hub/casework-domain';
import type { AwaitingSide } from '@escalation-hub/casework-domain';
import type { WebSession } from '@escalation-hub/identity';
import { SqlReadModelStore } from '@escalation-hub/event-store';
import { errorList, FieldErrors, textQuery } from './forms';
import { parseLondonDateTime } from './london-time';
import { pageOf, paginationOf } from './paging';
import { REPORT_READERS, WebAccess } from './web-access';
import { CurrentSession, PageRoles, WebPageGuard, WebPageRefusalFilter } from './web-page.guard';
import { WebViews } from './web.views';
import { dateTimeText, kindLabel, plural, spanText } from './wording';

const REPORT_PAGE_SIZE = 50;
/** A download holds the newest this many disclosures that match; narrow the filters for older ones. */
const DISCLOSURES_CSV_ROWS = 10_000;

/**
 * The late-decisions report (every item decided late or still overdue, due within the chosen London
 * days) and, for auditors, the disclosure log.
 */
@ApiExcludeController()
@Controller('reports')
@UseGuards(WebPageGuard)
@UseFilters(WebPageRefusalFilter)
@PageRoles(...REPORT_READERS)
export class ReportPagesController {
  constructor(
    private readonly access: WebAccess,
    private readonly views: WebViews,
    private readonly readModels: SqlReadModelStore,
  ) {}

  @Get('late-decisions')
  async lateDecisions(@CurrentSession() session: WebSession, @Res() response: Response, @Query() rawQuery: Record<string, unknown>) {
    const query = textQuery(rawQuery);
    const { range, errors, fields } = lateFilterOf(query);
    const now = this.access.now();
    const valid = Object.keys(errors).length === 0;
    const total = valid ? await countLateItems(this.readModels.database, range, now) : 0;
    const { page, pages, offset } = pageOf(query['page'], total, REPORT_PAGE_SIZE);
    const items = valid ? await lateItems(this.readModels.database, range, now, { limit: REPORT_PAGE_SIZE, offset }) : [];
    const filled = Object.entries(fields).filter((entry) => entry[1]);
    const download = `/reports/late-decisions.csv?${new URLSearchParams(filled)}`;
    this.views.render(response, Object.keys(errors).length > 0 ? 400 : 200, 'pages/late-decisions.njk', {
      ...this.access.page(session, 'Late decisions', '/reports/late-decisions'),
      fields,
      errorFor: errors,
      errors: Object.keys(errors).length > 0 ? errorList(errors, ['from-day', 'to-day', 'awaiting']) : undefined,
      asAt: dateTimeText(now),
      count: total === 0 ? 'No items' : `Showing ${offset + 1} to ${offset + items.length} of ${plural(total, 'item')}`,
      pagination: paginationOf(page, pages, (to) => `/reports/late-decisions?${new URLSearchParams([...filled, ['page', String(to)]])}`),
      download,
      awaitingOptions: [
        { value: '', text: 'Everyone’s' },
        { value: 'PUBLIC_SERVICE', text: 'The public service’s' },
        { value: 'PROVIDER', text: 'Providers’' },
      ].map((option) => ({ ...option, selected: option.value === fields['awaiting'] })),
      items: items.map((item) => ({
        ...item,
        kindLabel: kindLabel(item.kind as QueueItemKind),
        dueText: dateTimeText(item.dueAt),
        decidedText: item.decidedAt ? `${item.decidedBy}, ${dateTimeText(item.decidedAt)}` : undefined,
        lateBy: spanText(item.lateByMinutes * 60_000),
        awaitedFromText: item.awaitedFrom === 'NPS' ? 'Public service' : item.awaitedFrom,
      })),
    });
  }

  /** What went to providers: case reads, feed pages and topic messages, newest first (auditors only, as over the API). */
  @Get('disclosures')
  @PageRoles('auditor')
  async disclosures(
    @CurrentSession() session: WebSession,
    @Req() request: Request,
    @Res() response: Response,
    @Query() rawQuery: Record<string, unknown>,
  ) {
    const query = textQuery(rawQuery);
    const { filter, errors, fields } = disclosureFilterOf(query);
    const valid = Object.keys(errors).length === 0;
    const list = (offset: number) => listDisclosures(this.readModels.database, filter, { limit: REPORT_PAGE_SIZE, offset });
    const asked = pageOf(query['page'], Number.MAX_SAFE_INTEGER, REPORT_PAGE_SIZE);
    let found = valid ? await list(asked.offset) : { total: 0, entries: [] };
    const { total } = found;
    const { page, pages, offset } = pageOf(query['page'], total, REPORT_PAGE_SIZE);
    // A page past the end shows the last one.
    if (valid && offset !== asked.offset) found = await list(offset);
    const { entries } = found;
    // What was disclosed about one case is a reading of that case.
    if (valid && filter.crn)
      await this.access.recordRead(session, request, filter.crn, 'disclosures', page > 1 ? { page: String(page) } : {});
    const filled = Object.entries(fields).filter((entry) => entry[1]);
    this.views.render(response, valid ? 200 : 400, 'pages/disclosures.njk', {
      ...this.access.page(session, 'Disclosures to providers', '/reports/disclosures'),
      fields,
      errorFor: errors,
      errors: valid ? undefined : errorList(errors, ['provider', 'crn', 'from-day', 'to-day']),
      count:
        total === 0 ? 'Nothing was disclosed' : `Showing ${offset + 1} to ${offset + entries.length} of ${plural(total, 'disclosure')}`,
      download: `/reports/disclosures.csv?${new URLSearchParams(filled)}`,
      pagination: paginationOf(page, pages, (to) => `/reports/disclosures?${new URLSearchParams([...filled, ['page', String(to)]])}`),
      entries: entries.map((entry) => ({
        at: dateTimeText(entry.at),
        provider: entry.provider,
        channel: CHANNEL_NAMES[entry.channel],
        detail:
          entry.channel === 'case-read'
            ? `${entry.detail['view']}`
            : entry.channel === 'topic'
              ? `${entry.detail['topic']}`
              : `cursor ${entry.detail['after']} to ${entry.detail['next']}`,
        crns: entry.crns,
        events: entry.events.map((event) => `${event.type} (${event.crn})`),
        who: entry.actor.id,
        from: entry.from,
      })),
    });
  }

  @Get('disclosures.csv')
  @PageRoles('auditor')
  async disclosuresCsv(
    @CurrentSession() session: WebSession,
    @Req() request: Request,
    @Res() response: Response,
    @Query() rawQuery: Record<string, unknown>,
  ) {
    const query = textQuery(rawQuery);
    const { filter, errors } = disclosureFilterOf(query);
    if (Object.keys(errors).length > 0)
      return this.access.message(response, session, 400, 'Those filters are not valid', Object.values(errors).join('. '));
    const { entries } = await listDisclosures(this.readModels.database, filter, { limit: DISCLOSURES_CSV_ROWS, offset: 0 });
    if (filter.crn) await this.access.recordRead(session, request, filter.crn, 'disclosures.csv', {});
    response.type('text/csv; charset=utf-8').attachment('disclosures.csv').set('cache-control', 'no-store').send(disclosuresCsv(entries));
  }

  @Get('late-decisions.csv')
  async lateDecisionsCsv(@CurrentSession() session: WebSession, @Res() response: Response, @Query() rawQuery: Record<string, unknown>) {
    const query = textQuery(rawQuery);
    const { range, errors } = lateFilterOf(query);
    if (Object.keys(errors).length > 0)
      return this.access.message(response, session, 400, 'Those filters are not valid', Object.values(errors).join('. '));
    const items = await lateItems(this.readModels.database, range, this.access.now());
    response.type('text/csv; charset=utf-8').attachment('late-decisions.csv').set('cache-control', 'no-store').send(lateItemsCsv(items));
  }
}

const CHANNEL_NAMES: Record<DisclosureChannel, string> = {
  'case-read': 'Read the case',
  'feed-page': 'Feed page',
  topic: 'Messages on its Kafka topic',
};

/** The disclosure log's filters: a provider, a case and London days, each optional. */
function disclosureFilterOf(query: Record<string, string>) {
  const { range, errors, fields } = rangeOf(query);
  const provider = (query['provider'] ?? '').trim().toUpperCase();
  const crn = (query['crn'] ?? '').trim().toUpperCase();
  if (provider && !PROVIDER_CODE_PATTERN.test(provider)) errors['provider'] = 'Enter a provider code, like CRC07';
  if (crn && !CRN_PATTERN.test(crn)) errors['crn'] = 'Enter a case reference number in the right format, like X123456';
  const filter = { provider: provider || undefined, crn: crn || undefined, from: range.from, to: range.to };
  return { filter, errors, fields: { ...fields, provider, crn } };
}

/** The late-decisions report's filters: the range of due days, and whose move the items were (all by default). */
function lateFilterOf(query: Record<string, string>) {
  const { range, errors, fields } = rangeOf(query);
  const awaiting = (query['awaiting'] ?? '').trim();
  fields['awaiting'] = awaiting;
  if (awaiting && !(AWAITING_SIDES as readonly string[]).includes(awaiting)) errors['awaiting'] = 'Select whose move the items were';
  const filter: LateItemsFilter = { ...range, ...(awaiting ? { awaiting: awaiting as AwaitingSide } : {}) };
  return { range: filter, errors, fields };
}

/** From the start of the "from" day to the end of the "to" day, London time; either may be left empty. */
function rangeOf(query: Record<string, string>) {
  const fields: Record<string, string> = {};
  for (const end of ['from', 'to'])
    for (const part of ['day', 'month', 'year']) fields[`${end}-${part}`] = (query[`${end}-${part}`] ?? '').trim();
  const errors: FieldErrors = {};
  const range: { from?: string; to?: string } = {};
  for (const [end, label] of [
    ['from', 'the first date'],
    ['to', 'the last date'],
  ] as const) {
    const time = end === 'from' ? '00:00' : '23:59:59';
    const date = { day: fields[`${end}-day`], month: fields[`${end}-month`], year: fields[`${end}-year`], time };
    if (!date.day && !date.month && !date.year) continue;
    const parsed = parseLondonDateTime(date, label);
    if ('error' in parsed) errors[`${end}-${parsed.error.field}`] = parsed.error.text;
    // "To" includes the whole of its day: up to the next midnight.
    else range[end] = new Date(parsed.at.getTime() + (end === 'to' ? 1000 : 0)).toISOString();
  }
  if (range.from && range.to && range.from >= range.to) errors['to-day'] = 'The last date must be the same as or after the first date';
  return { range, errors, fields };
}
