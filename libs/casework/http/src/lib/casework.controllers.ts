import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import {
  CASE_READS,
  CaseCommandResult,
  CaseReadRecorder,
  CaseworkReadModels,
  CLOCK,
  Clock,
  DisclosedEvent,
  DisclosureRecorder,
  ExecuteCaseCommand,
  FeedCursor,
  PROVIDER_DISCLOSURES,
} from '@escalation-hub/casework-application';
import { CaseCommand, CaseState, CRN_PATTERN, isOpen } from '@escalation-hub/casework-domain';
import type { Principal } from '@escalation-hub/identity';
import { problem } from '@escalation-hub/platform';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from './auth.guard';
import { CaseworkErrorsFilter } from './casework-errors.filter';
import { breachPackCommand, escalationCommand } from './provider-commands';
import {
  AllocateCaseDto,
  CountersignDto,
  DecideBreachPackDto,
  DecideEscalationDto,
  DraftRecallAdviceDto,
  FeedQueryDto,
  QueueQueryDto,
  RequestEscalationDto,
  SubmitBreachPackDto,
} from './casework.dto';

const PUBLIC_SERVICE = ['decision-maker', 'spo', 'aco'] as const;

/** Runs a case command through the bus. */
abstract class CaseworkController {
  constructor(protected readonly commandBus: CommandBus) {}

  protected run(command: CaseCommand): Promise<CaseCommandResult> {
    return this.commandBus.execute<ExecuteCaseCommand, CaseCommandResult>(new ExecuteCaseCommand(command));
  }
}

function crnFrom(value: string): string {
  // A malformed CRN names no case: 404, like any other unknown case.
  if (!CRN_PATTERN.test(value)) throw new NotFoundException(problem(404, `No case ${value} is visible to you`));
  return value;
}

/** The case as clients see it: items as a list, the request memory left out. */
function caseResponse(state: CaseState, revision: number) {
  const { requests: _requests, items, ...rest } = state;
  return { ...rest, items: Object.values(items).map((item) => ({ ...item, open: isOpen(item) })), revision };
}

/** Allocation and recall advice: the public service's commands on a case. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class CasesController extends CaseworkController {
  // Its own constructor, so Nest sees what to inject (a subclass without one carries no parameter types).
  constructor(commandBus: CommandBus) {
    super(commandBus);
  }
  @Post()
  @Roles(...PUBLIC_SERVICE)
  @ApiOperation({ summary: 'Initial allocation assessment of a case' })
  @ApiResponse({ status: 201, description: 'Allocated: { crn, allocatedTo, reason, victimContactEligible, revision }' })
  @ApiResponse({ status: 409, description: 'The case already exists' })
  @ApiResponse({ status: 422, description: 'UNKNOWN_PROVIDER: no token or configuration knows the provider code' })
  async allocate(@Body() body: AllocateCaseDto, @CurrentPrincipal() principal: Principal) {
    const result = await this.run({
      type: 'AllocateCase',
      crn: body.crn,
      actor: actorOf(principal),
      payload: {
        ldu: body.ldu,
        provider: body.provider,
        sentence: { ...body.sentence },
        rosh: body.rosh,
        mappa: body.mappa ? { ...body.mappa } : null,
        exceptionalPublicInterest: body.exceptionalPublicInterest,
      },
    });
    const { state } = result;
    return {
      crn: state.crn,
      allocatedTo: state.allocation.allocatedTo,
      reason: state.allocation.reason,
      victimContactEligible: state.victimContactEligible,
      revision: result.revision,
    };
  }

  @Post(':crn/recall-advice')
  @Roles(...PUBLIC_SERVICE)
  @ApiOperation({ summary: 'Draft recall advice; it then needs an SPO and then an ACO countersignature' })
  @ApiResponse({ status: 201, description: 'Drafted: { recallAdviceId, crn, dueAt, status, revision }' })
  async draftRecallAdvice(@Param('crn') crnParam: string, @Body() body: DraftRecallAdviceDto, @CurrentPrincipal() principal: Principal) {
    const crn = crnFrom(crnParam);
    const recallAdviceId = `ra-${randomUUID()}`;
    const result = await this.run({
      type: 'DraftRecallAdvice',
      crn,
      actor: actorOf(principal),
      payload: { ...body, basedOn: [...body.basedOn], recallAdviceId },
    });
    return { recallAdviceId, crn, dueAt: result.state.items[recallAdviceId].dueAt, status: 'AWAITING_SPO', revision: result.revision };
  }
}

/** The current state of a case, for everyone who may see it. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases')
@UseGuards(BearerAuthGuard)
export class CaseViewController {
  constructor(
    private readonly readModels: CaseworkReadModels,
    @Inject(CASE_READS) private readonly caseReads: CaseReadRecorder,
  ) {}

  @Get(':crn')
  @Roles('provider', ...PUBLIC_SERVICE, 'auditor')
  @ApiOperation({
    summary:
      'The current state of a case. A provider sees only what was disclosed to it: its case while it manages it; after a transfer, its own requests and the decisions on them up to the move',
  })
  async view(@Param('crn') crnParam: string, @CurrentPrincipal() principal: Principal, @Req() request: Request) {
    const crn = crnFrom(crnParam);
    const notVisible = () => new NotFoundException(problem(404, `No case ${crn} is visible to you`));
    if (principal.role === 'provider') {
      const found = await this.readModels.providerCase(principal.provider ?? '', crn);
      if (!found) throw notVisible();
      await this.recordRead(crn, principal, request, found.shown);
      return found.view;
    }
    const found = await this.readModels.findCase(crn);
    if (!found) throw notVisible();
    await this.recordRead(crn, principal, request);
    return caseResponse(found.state, found.revision);
  }

  /** Every answered read is recorded before the answer goes: a provider's is a disclosure too. */
  private recordRead(crn: string, principal: Principal, request: Request, disclosed?: DisclosedEvent[]): Promise<void> {
    return this.caseReads.record({
      crn,
      actor: actorOf(principal),
      view: 'case',
      query: {},
      from: request.ip ?? 'unknown',
      userAgent: request.headers['user-agent'] ?? null,
      ...(disclosed ? { disclosed } : {}),
    });
  }
}

/** What provider systems post about their cases (the same commands arrive over Kafka: provider-inbound.consumer.ts). */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class ProviderCommandsController extends CaseworkController {
  // Its own constructor, so Nest sees what to inject (a subclass without one carries no parameter types).
  constructor(commandBus: CommandBus) {
    super(commandBus);
  }
  @Post(':crn/escalations')
  @Roles('provider')
  @ApiOperation({ summary: 'A provider asks the public service to review rising risk' })
  @ApiResponse({
    status: 201,
    description:
      'Recorded: { escalationId, crn, dueAt, revision } (revision: the case as you see it, counted in your provider events of it from 0)',
  })
  @ApiResponse({ status: 200, description: 'A retry of a request already recorded: the original result' })
  @ApiResponse({ status: 429, description: 'TOO_MANY_OPEN_REQUESTS on the case, or this token is over its request rate (Retry-After)' })
  async escalate(
    @Param('crn') crnParam: string,
    @Body() body: RequestEscalationDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const crn = crnFrom(crnParam);
    const result = await this.run(escalationCommand(crn, actorOf(principal), body));
    const { requestId } = body;
    const escalationId = result.state.requests[requestId].itemId;
    response.status(result.events.length > 0 ? 201 : 200);
    return {
      escalationId,
      crn,
      dueAt: result.state.items[escalationId].dueAt,
      revision: result.providerRevisionOf(
        principal.provider ?? '',
        (event) => event.type === 'escalation.requested' && event.data.escalationId === escalationId,
      ),
    };
  }

  @Post(':crn/breach-packs')
  @Roles('provider')
  @ApiOperation({ summary: 'A provider submits a breach information pack for decision' })
  @ApiResponse({
    status: 201,
    description:
      'Recorded: { breachPackId, crn, dueAt, revision } (revision: the case as you see it, counted in your provider events of it from 0)',
  })
  @ApiResponse({ status: 200, description: 'A retry of a request already recorded: the original result' })
  @ApiResponse({ status: 429, description: 'TOO_MANY_OPEN_REQUESTS on the case, or this token is over its request rate (Retry-After)' })
  async submitBreachPack(
    @Param('crn') crnParam: string,
    @Body() body: SubmitBreachPackDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const crn = crnFrom(crnParam);
    const result = await this.run(breachPackCommand(crn, actorOf(principal), body));
    const { requestId } = body;
    const breachPackId = result.state.requests[requestId].itemId;
    response.status(result.events.length > 0 ? 201 : 200);
    return {
      breachPackId,
      crn,
      dueAt: result.state.items[breachPackId].dueAt,
      revision: result.providerRevisionOf(
        principal.provider ?? '',
        (event) => event.type === 'breach-pack.submitted' && event.data.breachPackId === breachPackId,
      ),
    };
  }
}

@ApiTags('decisions')
@ApiBearerAuth()
@Controller('v1')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class DecisionsController extends CaseworkController {
  constructor(
    commandBus: CommandBus,
    private readonly readModels: CaseworkReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super(commandBus);
  }

  @Get('queue')
  @Roles(...PUBLIC_SERVICE)
  @ApiOperation({ summary: 'Open items, overdue first, then by due time' })
  async queue(@Query() query: QueueQueryDto) {
    const now = this.clock();
    const items = await this.readModels.queue(
      { kind: query.kind, ldu: query.ldu, provider: query.provider, limit: query.limit ?? 100 },
      now,
    );
    return { asOf: now.toISOString(), items };
  }

  @Post('queue/:itemId/claim')
  @HttpCode(200)
  @Roles(...PUBLIC_SERVICE)
  @ApiOperation({ summary: 'Claim an item: 409 if someone else holds it' })
  async claim(@Param('itemId') itemId: string, @CurrentPrincipal() principal: Principal) {
    const crn = await this.crnOfItem(itemId);
    const result = await this.run({ type: 'ClaimItem', crn, actor: actorOf(principal), payload: { itemId } });
    const item = result.state.items[itemId];
    return { itemId, kind: item.kind, crn, claimedBy: item.claimedBy, revision: result.revision };
  }

  @Post('queue/:itemId/release')
  @HttpCode(200)
  @Roles(...PUBLIC_SERVICE)
  @ApiOperation({ summary: 'Give a claimed item back to the queue: its holder, or an SPO or ACO for someone else’s claim' })
  async release(@Param('itemId') itemId: string, @CurrentPrincipal() principal: Principal) {
    const crn = await this.crnOfItem(itemId);
    const result = await this.run({ type: 'ReleaseItem', crn, actor: actorOf(principal), payload: { itemId } });
    const item = result.state.items[itemId];
    return { itemId, kind: item.kind, crn, claimedBy: item.claimedBy, revision: result.revision };
  }

  @Post('escalations/:escalationId/decision')
  @Roles(...PUBLIC_SERVICE)
  @ApiOperation({ summary: 'Decide an escalation, with a written rationale' })
  @ApiResponse({ status: 201, description: 'Decided' })
  @ApiResponse({ status: 409, description: 'Already decided, or claimed by someone else' })
  async decideEscalation(
    @Param('escalationId') escalationId: string,
    @Body() body: DecideEscalationDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    const crn = await this.crnOfItem(escalationId);
    const result = await this.run({
      type: 'DecideEscalation',
      crn,
      actor: actorOf(principal),
      payload: {
        escalationId,
        outcome: body.outcome,
        rationale: body.rationale,
        advice: body.advice ?? null,
        revisedRosh: body.revisedRosh ?? null,
      },
    });
    const item = result.state.items[escalationId];
    const decision = item.kind === 'ESCALATION' ? item.decision : null;
    return {
      escalationId,
      crn,
      outcome: body.outcome,
      late: decision?.late ?? false,
      managedBy: result.state.managedBy,
      revision: result.revision,
    };
  }

  @Post('breach-packs/:breachPackId/decision')
  @Roles(...PUBLIC_SERVICE)
  @ApiOperation({ summary: 'Decide the action on a breach pack, with a written rationale' })
  async decideBreachPack(
    @Param('breachPackId') breachPackId: string,
    @Body() body: DecideBreachPackDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    const crn = await this.crnOfItem(breachPackId);
    const result = await this.run({
      type: 'DecideBreachPack',
      crn,
      actor: actorOf(principal),
      payload: { breachPackId, outcome: body.outcome, rationale: body.rationale },
    });
    const item = result.state.items[breachPackId];
    return {
      breachPackId,
      crn,
      outcome: body.outcome,
      late: item.kind === 'BREACH_PACK' ? (item.decision?.late ?? false) : false,
      revision: result.revision,
    };
  }

  @Post('recall-advice/:recallAdviceId/countersign')
  @HttpCode(200)
  @Roles('spo', 'aco')
  @ApiOperation({ summary: 'Countersign recall advice: an SPO first, then an ACO; the ACO signature issues it' })
  async countersign(
    @Param('recallAdviceId') recallAdviceId: string,
    @Body() body: CountersignDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    const crn = await this.crnOfItem(recallAdviceId);
    const result = await this.run({
      type: 'CountersignRecallAdvice',
      crn,
      actor: actorOf(principal),
      payload: { recallAdviceId, rationale: body.rationale },
    });
    const item = result.state.items[recallAdviceId];
    const status = item.kind === 'RECALL_COUNTERSIGN' && item.issuedAt ? 'ISSUED' : 'AWAITING_ACO';
    return { recallAdviceId, crn, status, revision: result.revision };
  }

  private async crnOfItem(itemId: string): Promise<string> {
    const found = await this.readModels.findItem(itemId);
    if (!found) throw new NotFoundException(problem(404, `No item ${itemId} is visible to you`));
    return found.crn;
  }
}

@ApiTags('providers')
@ApiBearerAuth()
@Controller('v1/feed')
@UseGuards(BearerAuthGuard)
export class FeedController {
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
