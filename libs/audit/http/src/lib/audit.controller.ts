import {
  applyDecorators,
  ConflictException,
  Controller,
  Get,
  Header,
  Inject,
  NotFoundException,
  Param,
  Query,
  Req,
  Res,
  ServiceUnavailableException,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Min } from 'class-validator';
import type { Request, Response } from 'express';
import {
  AccessLog,
  BrokenChainError,
  EvidenceExporter,
  eventLeafHash,
  IntegrityCompromisedError,
  LogCatchingUpError,
  replayCase,
  VerifiableLog,
} from '@escalation-hub/audit-application';
import { CLOCK, Clock } from '@escalation-hub/casework-application';
import { CRN_PATTERN, PEOPLE_ROLES, streamNameFor } from '@escalation-hub/casework-domain';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles, ApiGuardProblems } from '@escalation-hub/casework-use-cases';
import { EventLog } from '@escalation-hub/event-store';
import type { Principal } from '@escalation-hub/identity';
import { problem, sendStreamedJson } from '@escalation-hub/platform';
import { timelineCsv, timelineHtml } from './timeline.renderers';

/** An optional query parameter naming a moment: ISO-8601 with its time zone (Z or an offset). */
export const MomentQuery = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ description: `${description} (ISO-8601 with a time zone)` }),
    IsOptional(),
    IsISO8601({ strict: true }, { message: 'must be an ISO-8601 date-time, e.g. 2026-11-20T09:30:00Z' }),
    Matches(/(Z|[+-]\d{2}:\d{2})$/, { message: 'must say its time zone (Z or an offset), e.g. 2026-11-20T09:30:00Z' }),
  );

export class TimelineQueryDto {
  @MomentQuery('Only what had been recorded at this moment')
  asOf?: string;

  @ApiPropertyOptional({ description: 'Only up to and including this revision' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  revision?: number;

  @ApiPropertyOptional({ enum: ['json', 'csv', 'html'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv', 'html'], { message: 'must be one of json, csv, html' })
  format?: 'json' | 'csv' | 'html';
}

/** The auditor's view of a case: every reading here is itself recorded in the case's access log. */
@ApiTags('audit')
@ApiBearerAuth()
@ApiGuardProblems()
@Controller('v1/cases/:crn')
@UseGuards(BearerAuthGuard)
export class AuditController {
  constructor(
    private readonly log: EventLog,
    private readonly accessLog: AccessLog,
    @Inject(EvidenceExporter) private readonly exporter: EvidenceExporter | null,
    @Inject(VerifiableLog) private readonly verifiable: VerifiableLog | null,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('timeline')
  @Roles(...PEOPLE_ROLES)
  @ApiOperation({
    summary: 'Every event of the case in order, with hashes and lateness; ?asOf or ?revision to stop there; ?format=csv|html',
  })
  @ApiResponse({
    status: 200,
    description:
      'By ?format (default json): JSON { crn, asOf, revision, events: [{ position, revision, type, occurredAt, recordedAt, actor, data, hash, previousHash, disclosedTo, lateness?, unseen? }] }; ' +
      'csv: the events as a CSV download (case-<crn>-timeline.csv); html: a printable page as a download (case-<crn>-timeline.html). The reading is recorded in the access log',
  })
  @ApiResponse({
    status: 400,
    description:
      'The query is not valid (errors names each field): asOf not ISO-8601 with a time zone, revision not a whole number from 0, format not json, csv or html, or an unknown parameter',
  })
  @ApiResponse({ status: 404, description: 'No such case: the CRN is unknown (or is not a CRN)' })
  async timeline(
    @Param('crn') crn: string,
    @Query() query: TimelineQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.assertCaseExists(crn);
    const cut = { asOf: query.asOf ? new Date(query.asOf) : undefined, revision: query.revision };
    const timeline = await replayCase(this.log, crn, cut);
    const format = query.format ?? 'json';
    await this.record(crn, `timeline${format === 'json' ? '' : `.${format}`}`, query, principal, request);
    if (format === 'csv') {
      response.type('text/csv; charset=utf-8').attachment(`case-${crn}-timeline.csv`).send(timelineCsv(timeline));
      return;
    }
    if (format === 'html') {
      // A download, never a page of the hub's origin: no script, only its own inline style.
      response
        .type('text/html; charset=utf-8')
        .attachment(`case-${crn}-timeline.html`)
        .set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
        .send(timelineHtml(timeline, { asOf: query.asOf, revision: query.revision }, this.clock().toISOString(), principal.name));
      return;
    }
    // A case can have thousands of events: sent a slice at a time, so other users are not kept waiting.
    await sendStreamedJson(response, { crn, asOf: query.asOf ?? null, revision: query.revision ?? null }, 'events', timeline.entries);
  }

  @Get('state')
  @Roles(...PEOPLE_ROLES)
  @ApiOperation({ summary: 'The case as it stood at ?asOf (or ?revision), replayed with the rules the write side uses' })
  @ApiResponse({
    status: 200,
    description:
      'The case at that point: { crn, ldu, managedBy, sentence, rosh, mappa, ..., items: [...], revision, asOf } (revision: its last event up to the cut). The reading is recorded in the access log',
  })
  @ApiResponse({
    status: 400,
    description:
      'The query is not valid (errors names each field): asOf not ISO-8601 with a time zone, revision not a whole number from 0, format not json, csv or html, or an unknown parameter',
  })
  @ApiResponse({
    status: 404,
    description: 'No such case (the CRN is unknown or is not a CRN), or the case had not been allocated at that point',
  })
  async state(
    @Param('crn') crn: string,
    @Query() query: TimelineQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
  ) {
    await this.assertCaseExists(crn);
    const timeline = await replayCase(this.log, crn, { asOf: query.asOf ? new Date(query.asOf) : undefined, revision: query.revision });
    if (!timeline.state) throw new NotFoundException(problem(404, `Case ${crn} had not been allocated at that point`));
    await this.record(crn, 'state', query, principal, request);
    const { requests: _requests, items, ...rest } = timeline.state;
    const last = timeline.entries[timeline.entries.length - 1];
    return { ...rest, items: Object.values(items), revision: last.revision, asOf: query.asOf ?? null };
  }

  @Get('verify')
  @Roles(...PEOPLE_ROLES)
  @ApiOperation({
    summary:
      "Recompute the case's hash chain from the stored events, and check each event is the leaf the hub's Merkle tree of the whole log holds for it",
  })
  @ApiResponse({
    status: 200,
    description:
      '{ valid, events, headHash, firstInvalid?: { streamVersion, position, eventId, reason }, log?: { valid, state, treeSize, signedTreeSize, revisionsNotInTree? } }: ' +
      'a broken chain, or an event that is not the leaf the tree holds, is valid: false (still 200); log is left out where this process keeps no tree, or while its tree is building',
  })
  @ApiResponse({ status: 404, description: 'No such case: the CRN is unknown (or is not a CRN)' })
  async verify(@Param('crn') crn: string, @CurrentPrincipal() principal: Principal, @Req() request: Request) {
    await this.assertCaseExists(crn);
    const chain = await this.log.verifyStream(streamNameFor(crn));
    const log = await this.logCheck(crn);
    await this.record(crn, 'verify', {}, principal, request);
    return { ...chain, valid: chain.valid && (log?.valid ?? true), ...(log ? { log } : {}) };
  }

  /**
   * Whether every stored event of the case is the leaf the hub's tree holds at its place: an event
   * edited and its chain recomputed behind the hub's back keeps a valid chain but fails here.
   */
  private async logCheck(crn: string) {
    if (!this.verifiable) return undefined;
    await this.verifiable.whenIntact().catch(() => undefined);
    if (this.verifiable.state === 'building') return undefined;
    const notInTree: number[] = [];
    for await (const event of this.log.iterateStream(streamNameFor(crn))) {
      const index = await this.verifiable.leafIndexWhenTaken(event.position);
      if (index !== undefined && this.verifiable.leaf(index).equals(eventLeafHash(event.hash))) continue;
      notInTree.push(event.streamVersion);
      // A leaf that differs from the stored event: changed behind the hub's back, as an export would find.
      if (index !== undefined)
        this.verifiable.markCompromised({
          code: 'HASH_MISMATCH',
          streamName: event.streamName,
          streamVersion: event.streamVersion,
          eventId: event.id,
        });
    }
    const intact = this.verifiable.state === 'intact';
    return {
      valid: notInTree.length === 0 && intact,
      state: this.verifiable.state,
      treeSize: this.verifiable.size,
      signedTreeSize: this.verifiable.latestSignedSize,
      ...(notInTree.length > 0 ? { revisionsNotInTree: notInTree } : {}),
    };
  }

  @Get('export')
  @Roles('auditor')
  @ApiOperation({ summary: 'A self-contained signed evidence bundle of the case, checkable offline with `npm run hub -- verify-bundle`' })
  @ApiResponse({
    status: 200,
    description:
      'A JSON download (case-<crn>-evidence.json): { format, crn, streamName, exportedAt, exportedBy, events: [{ ..., hash, leafIndex, inclusionProof }], checkpoint, signer, signature }. The export is recorded in the access log',
  })
  @ApiResponse({ status: 404, description: 'No such case: the CRN is unknown (or is not a CRN)' })
  @ApiResponse({ status: 409, description: "chain-broken: the case's stored hash chain does not verify, so the hub will not sign it" })
  @ApiResponse({
    status: 503,
    description:
      'integrity-compromised (the store no longer matches what the hub signed), log-catching-up (an event is not in the tree yet: Retry-After), or this process does not export bundles (the audit service does)',
  })
  async export(
    @Param('crn') crn: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    await this.assertCaseExists(crn);
    if (!this.exporter) throw new ServiceUnavailableException(problem(503, 'Evidence bundles are exported by the audit service'));
    let bundle;
    try {
      bundle = await this.exporter.export(crn, principal.name, this.clock());
    } catch (error) {
      if (error instanceof BrokenChainError)
        throw new ConflictException(problem(409, error.message, { type: 'https://escalation-hub.dev/problems/chain-broken' }));
      if (error instanceof IntegrityCompromisedError)
        throw new ServiceUnavailableException(
          problem(503, error.message, { type: 'https://escalation-hub.dev/problems/integrity-compromised' }),
        );
      if (error instanceof LogCatchingUpError) {
        response.set('Retry-After', '1');
        throw new ServiceUnavailableException(problem(503, error.message, { type: 'https://escalation-hub.dev/problems/log-catching-up' }));
      }
      throw error;
    }
    await this.record(crn, 'export', {}, principal, request);
    response.type('application/json; charset=utf-8').attachment(`case-${crn}-evidence.json`);
    return bundle;
  }

  @Get('access-log')
  @Roles('auditor')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Who read this case, when, how and from where (this reading included)' })
  @ApiResponse({
    status: 200,
    description: '{ crn, reads: [{ crn, actor, at, position, view, query, from, userAgent, disclosed? }] }, oldest first',
  })
  @ApiResponse({ status: 404, description: 'No such case: the CRN is unknown (or is not a CRN)' })
  async accessLogOf(@Param('crn') crn: string, @CurrentPrincipal() principal: Principal, @Req() request: Request) {
    await this.assertCaseExists(crn);
    await this.record(crn, 'access-log', {}, principal, request);
    return { crn, reads: await this.accessLog.entries(crn) };
  }

  private async assertCaseExists(crn: string): Promise<void> {
    const exists = CRN_PATTERN.test(crn) && (await this.log.readStream(streamNameFor(crn), { maxCount: 1 })).length > 0;
    if (!exists) throw new NotFoundException(problem(404, `No case ${crn} is visible to you`));
  }

  private record(crn: string, view: string, query: object, principal: Principal, request: Request): Promise<void> {
    const shown = Object.fromEntries(
      Object.entries(query)
        .filter(([, value]) => value !== undefined)
        .map(([key, value]) => [key, String(value)]),
    );
    return this.accessLog.record({
      crn,
      actor: actorOf(principal),
      view,
      query: shown,
      from: request.ip ?? 'unknown',
      userAgent: request.headers['user-agent'] ?? null,
    });
  }
}
