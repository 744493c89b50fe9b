import { Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CaseworkReadModels } from '@escalation-hub/casework-application';
import { PROVIDER_CODE_PATTERN, QUEUE_ITEM_KINDS, QueueItemKind } from '@escalation-hub/casework-domain';
import { actorOf, ClaimItemCommand, ReleaseItemCommand } from '@escalation-hub/casework-use-cases';
import type { WebSession } from '@escalation-hub/identity';
import { formOf, textOf, textQuery } from './forms';
import { actionFor } from './item-links';
import { pageOf, paginationOf } from './paging';
import { dateTimeText, kindLabel, timeLeftText } from './wording';
import { COUNTERSIGNERS, hasRole, noticeFor, STAFF, WebAccess } from './web-access';
import { WebCommands } from './web-commands';
import { CurrentSession, FormFields, PageRoles, WebPageGuard, WebPageRefusalFilter } from './web-page.guard';
import { WebViews } from './web.views';

export const QUEUE_PAGE_SIZE = 50;

/** The decision queue for people: overdue first, then by due time, a page at a time; claim and release. */
@ApiExcludeController()
@Controller('queue')
@UseGuards(WebPageGuard)
@UseFilters(WebPageRefusalFilter)
@PageRoles(...STAFF)
export class QueueController {
  constructor(
    private readonly access: WebAccess,
    private readonly views: WebViews,
    private readonly readModels: CaseworkReadModels,
    private readonly commands: WebCommands,
  ) {}

  @Get()
  async queue(
    @CurrentSession() session: WebSession,
    @Req() request: Request,
    @Res() response: Response,
    @Query() rawQuery: Record<string, unknown>,
  ) {
    const query = textQuery(rawQuery);
    const now = this.access.now();
    const filter = queueFilterOf(query);
    const [total, choices] = await Promise.all([this.readModels.queueSize(filter), this.readModels.queueFilterChoices()]);
    const options = (values: string[], selected: string | undefined) => [
      { value: '', text: 'Any' },
      // A chosen value no item has any more stays listed, so the form says what was asked.
      ...[...new Set([...values, ...(selected ? [selected] : [])])].map((value) => ({ value, text: value, selected: value === selected })),
    ];
    const { page, pages, offset } = pageOf(query['page'], total, QUEUE_PAGE_SIZE);
    const items = await this.readModels.queue({ ...filter, limit: QUEUE_PAGE_SIZE, offset }, now);
    const role = session.principal.role;
    this.views.render(response, 200, 'pages/queue.njk', {
      ...this.access.page(session, 'Decision queue', '/queue', query['notice']),
      filter,
      asAt: dateTimeText(now),
      total,
      first: total === 0 ? 0 : offset + 1,
      last: offset + items.length,
      pagination: paginationOf(page, pages, (to) => `/queue?${new URLSearchParams({ ...filterParameters(filter), page: String(to) })}`),
      filtered: Boolean(filter.kind || filter.ldu || filter.provider),
      lduOptions: options(choices.ldus, filter.ldu),
      providerOptions: options(choices.providers, filter.provider),
      kindOptions: [
        { value: '', text: 'Any' },
        ...QUEUE_ITEM_KINDS.map((value) => ({ value, text: kindLabel(value), selected: value === filter.kind })),
      ],
      items: items.map((item) => ({
        ...item,
        kindLabel: kindLabel(item.kind),
        timeLeft: timeLeftText(new Date(item.dueAt), now),
        dueAtText: dateTimeText(item.dueAt),
        action: actionFor(item.itemId, item.kind, role),
        mine: item.claimedBy === session.principal.name,
        // As the rules have it: recall advice is claimed only by those who may sign it; an SPO or ACO may release anyone's hold.
        mayClaim: !item.claimedBy && (item.kind !== 'RECALL_COUNTERSIGN' || hasRole(role, COUNTERSIGNERS)),
        mayRelease: Boolean(item.claimedBy) && (item.claimedBy === session.principal.name || hasRole(role, COUNTERSIGNERS)),
      })),
      returnTo: request.originalUrl,
    });
  }

  @Post(':itemId/claim')
  @FormFields('returnTo')
  claim(@Param('itemId') itemId: string, @CurrentSession() session: WebSession, @Req() request: Request, @Res() response: Response) {
    return this.holdOrRelease('ClaimItem', itemId, session, request, response);
  }

  @Post(':itemId/release')
  @FormFields('returnTo')
  release(@Param('itemId') itemId: string, @CurrentSession() session: WebSession, @Req() request: Request, @Res() response: Response) {
    return this.holdOrRelease('ReleaseItem', itemId, session, request, response);
  }

  private async holdOrRelease(
    type: 'ClaimItem' | 'ReleaseItem',
    itemId: string,
    session: WebSession,
    request: Request,
    response: Response,
  ) {
    const item = await this.readModels.findItem(itemId);
    if (!item) return this.access.message(response, session, 404, 'Item not found', `There is no item ${itemId}.`);
    const back = backToQueue(request);
    const actor = actorOf(session.principal);
    const command = type === 'ClaimItem' ? new ClaimItemCommand(itemId, actor, item.crn) : new ReleaseItemCommand(itemId, actor, item.crn);
    const refused = await this.commands.run(command, session);
    if (refused && noticeFor(refused.code)) return response.redirect(303, withNotice(back, refused.code));
    if (refused)
      return this.access.message(response, session, refused.status, 'That did not work', refused.text, { href: back, text: 'Go back' });
    response.redirect(303, withNotice(back, type === 'ClaimItem' ? 'claimed' : 'released'));
  }
}

function queueFilterOf(query: Record<string, string>): { kind?: QueueItemKind; ldu?: string; provider?: string } {
  const kind = (QUEUE_ITEM_KINDS as readonly string[]).includes(query['kind']) ? (query['kind'] as QueueItemKind) : undefined;
  const ldu = query['ldu']?.trim().slice(0, 64) || undefined;
  const provider = query['provider']?.trim().toUpperCase();
  return { kind, ldu, provider: provider && PROVIDER_CODE_PATTERN.test(provider) ? provider : undefined };
}

function filterParameters(filter: { kind?: string; ldu?: string; provider?: string }): Record<string, string> {
  return Object.fromEntries(Object.entries(filter).filter((entry): entry is [string, string] => Boolean(entry[1])));
}

/** Back to the page the form was on (the queue or an item's page, never another site), else the queue. */
function backToQueue(request: Request): string {
  const returnTo = textOf(formOf(request), 'returnTo');
  return /^\/(queue|items\/[\w.:-]+\/(decision|countersignature))(\?\S*)?$/.test(returnTo) ? returnTo : '/queue';
}

function withNotice(path: string, notice: string): string {
  const url = new URL(path, 'http://hub.invalid');
  url.searchParams.set('notice', notice);
  return `${url.pathname}${url.search}`;
}
