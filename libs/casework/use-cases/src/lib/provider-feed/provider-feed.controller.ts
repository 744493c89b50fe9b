import { Controller, Get, Inject, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CaseworkReadModels, DisclosureRecorder, FeedCursor, PROVIDER_DISCLOSURES } from '@escalation-hub/casework-application';
import type { Principal } from '@escalation-hub/identity';
import { ApiGuardProblems, ApiQueryProblems } from '../api-problems';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { FeedQueryDto } from './provider-feed.dto';

@ApiTags('providers')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiQueryProblems()
@Controller('v1/feed')
@UseGuards(BearerAuthGuard)
export class ProviderFeedController {
  constructor(
    private readonly readModels: CaseworkReadModels,
    @Inject(PROVIDER_DISCLOSURES) private readonly disclosures: DisclosureRecorder,
  ) {}

  @Get()
  @Roles('provider')
  @ApiOperation({
    summary:
      'The provider events of your cases after the cursor, oldest first, with the next cursor (docs/asyncapi.yaml has their schemas)',
  })
  @ApiResponse({
    status: 200,
    description:
      '{ events: [{ cursor, id, type, version, crn, occurredAt, data }], next }: next is the cursor to send as `after` (the same one when nothing is new)',
  })
  async feed(@Query() query: FeedQueryDto, @CurrentPrincipal() principal: Principal, @Req() request: Request) {
    const cursor = query.after ?? `${FEED_CURSOR_PREFIX}0`;
    const entries = await this.readModels.feed(principal.provider ?? '', feedCursorOf(cursor), query.limit ?? 100);
    const next = entries.length > 0 ? `${FEED_CURSOR_PREFIX}${entries[entries.length - 1].sequence}` : cursor;
    const events = entries.map(({ sequence, event }) => ({ cursor: `${FEED_CURSOR_PREFIX}${sequence}`, ...event }));
    // A page that carries events is recorded before it is given; an empty poll discloses nothing.
    if (events.length > 0) {
      await this.disclosures.recordFeedPage({
        actor: actorOf(principal),
        after: cursor,
        next,
        events: events.map(({ id, crn, type, cursor }) => ({ id, crn, type, cursor })),
        from: request.ip ?? 'unknown',
        userAgent: request.headers['user-agent'] ?? null,
      });
    }
    return { events, next };
  }
}

/** Cursors handed out now: `p<n>`, after the provider's n-th provider event. */
const FEED_CURSOR_PREFIX = 'p';

/** `p<n>` now; `s<n>` (a sequence of the feed before the provider contract) and a bare store position from earlier releases. */
function feedCursorOf(cursor: string): FeedCursor {
  const value = Number(cursor.replace(/^[ps]/, ''));
  if (cursor.startsWith(FEED_CURSOR_PREFIX)) return { sequence: value };
  if (cursor.startsWith('s')) return { legacySequence: value };
  return { position: value };
}
