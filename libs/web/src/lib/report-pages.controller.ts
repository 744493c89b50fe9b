import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { countLateItems, lateItems } from '@escalation-hub/audit-application';
import { lateItemsCsv } from '@escalation-hub/audit-http';
import { SqlReadModelStore } from '@escalation-hub/event-store';
import { errorList, FieldErrors, textQuery } from './forms';
import { parseLondonDateTime } from './london-time';
import { pageOf, paginationOf } from './paging';
import { REPORT_READERS, WebAccess } from './web-access';
import { WebViews } from './web.views';
import { dateTimeText, kindLabel, plural, spanText } from './wording';
import type { QueueItemKind } from '@escalation-hub/casework-domain';

const REPORT_PAGE_SIZE = 50;

/** The late-decisions report: every item decided late or still overdue, due within the chosen days (London dates). */
@ApiExcludeController()
@Controller('reports')
export class ReportPagesController {
  constructor(
    private readonly access: WebAccess,
    private readonly views: WebViews,
    private readonly readModels: SqlReadModelStore,
  ) {}

  @Get('late-decisions')
  async lateDecisions(@Req() request: Request, @Res() response: Response, @Query() rawQuery: Record<string, unknown>) {
    const query = textQuery(rawQuery);
    const session = await this.access.require(request, response, REPORT_READERS);
    if (!session) return;
    const { range, errors, fields } = rangeOf(query);
    const now = this.access.now();
    const valid = Object.keys(errors).length === 0;
    const total = valid ? await countLateItems(this.readModels.database, range, now) : 0;
    const { page, pages, offset } = pageOf(query['page'], total, REPORT_PAGE_SIZE);
    const items = valid ? await lateItems(this.readModels.database, range, now, { limit: REPORT_PAGE_SIZE, offset }) : [];
    const filled = Object.entries(fields).filter((entry) => entry[1]);
    const download = `/reports/late-decisions.csv?${new URLSearchParams(filled)}`;
    this.views.render(response, Object.keys(errors).length > 0 ? 400 : 200, 'late-decisions.njk', {
      ...this.access.page(session, 'Late decisions', '/reports/late-decisions'),
      fields,
      errorFor: errors,
      errors: Object.keys(errors).length > 0 ? errorList(errors, ['from-day', 'to-day']) : undefined,
      asAt: dateTimeText(now),
      count: total === 0 ? 'No items' : `Showing ${offset + 1} to ${offset + items.length} of ${plural(total, 'item')}`,
      pagination: paginationOf(page, pages, (to) => `/reports/late-decisions?${new URLSearchParams([...filled, ['page', String(to)]])}`),
      download,
      items: items.map((item) => ({
        ...item,
        kindLabel: kindLabel(item.kind as QueueItemKind),
        dueText: dateTimeText(item.dueAt),
        decidedText: item.decidedAt ? `${item.decidedBy}, ${dateTimeText(item.decidedAt)}` : undefined,
        lateBy: spanText(item.lateByMinutes * 60_000),
      })),
    });
  }

  @Get('late-decisions.csv')
  async lateDecisionsCsv(@Req() request: Request, @Res() response: Response, @Query() rawQuery: Record<string, unknown>) {
    const query = textQuery(rawQuery);
    const session = await this.access.require(request, response, REPORT_READERS);
    if (!session) return;
    const { range, errors } = rangeOf(query);
    if (Object.keys(errors).length > 0)
      return this.access.message(response, session, 400, 'Those dates are not valid', Object.values(errors).join('. '));
    const items = await lateItems(this.readModels.database, range, this.access.now());
    response.type('text/csv; charset=utf-8').attachment('late-decisions.csv').set('cache-control', 'no-store').send(lateItemsCsv(items));
  }
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
