import { Controller, Get, Header, Inject, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import type { Request, Response } from 'express';
import { AccessLog, listDisclosures } from '@escalation-hub/audit-application';
import { CLOCK, Clock, READ_MODEL_FRESHNESS, ReadModelFreshness } from '@escalation-hub/casework-application';
import { CRN_PATTERN, PROVIDER_CODE_PATTERN } from '@escalation-hub/casework-domain';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles, ApiGuardProblems } from '@escalation-hub/casework-use-cases';
import { EventLog, SqlReadModelStore } from '@escalation-hub/event-store';
import type { Principal } from '@escalation-hub/identity';
import { MomentQuery } from './audit.controller';
import { readModelsCaughtUp } from './caught-up';
import { disclosuresCsv } from './timeline.renderers';

export class DisclosuresQueryDto {
  @ApiPropertyOptional({ description: 'Only what went to this provider, e.g. CRC07' })
  @IsOptional()
  @Matches(PROVIDER_CODE_PATTERN, { message: 'must be a provider code, e.g. CRC07' })
  provider?: string;

  @ApiPropertyOptional({ description: 'Only disclosures that carried something of this case' })
  @IsOptional()
  @Matches(CRN_PATTERN, { message: 'must be a CRN: a letter and six digits, e.g. X123456' })
  crn?: string;

  @MomentQuery('From this moment on')
  from?: string;

  @MomentQuery('Before this moment')
  to?: string;

  @ApiPropertyOptional({ description: 'Page number, from 1', default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(1_000_000)
  page?: number;

  @ApiPropertyOptional({ description: 'Entries a page', default: 100, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'must be one of json, csv' })
  format?: 'json' | 'csv';
}

/** The disclosure log: everything that went to providers, newest first, for auditors alone. */
@ApiTags('audit')
@ApiBearerAuth()
@ApiGuardProblems()
@Controller('v1/audit/disclosures')
@UseGuards(BearerAuthGuard)
export class DisclosuresController {
  constructor(
    private readonly readModels: SqlReadModelStore,
    private readonly accessLog: AccessLog,
    private readonly log: EventLog,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(READ_MODEL_FRESHNESS) private readonly freshness: ReadModelFreshness,
  ) {}

  @Get()
  @Roles('auditor')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Every disclosure to a provider (case reads, feed pages, messages on its topic), newest first, paged; filter by provider, crn and time; ?format=csv',
  })
  @ApiResponse({
    status: 200,
    description:
      'By ?format (default json): JSON { asOf, filter, page, pages, limit, total, entries: [{ at, provider, channel, actor, from, crns, events, detail, record }] } ' +
      '(channel: case-read, feed-page or topic); csv: the page as a CSV download (disclosures.csv). Asking with ?crn is recorded in that case’s access log',
  })
  @ApiResponse({
    status: 400,
    description:
      'The query is not valid (errors names each field): provider not a provider code, crn not a CRN, from or to not ISO-8601 with a time zone, page or limit not a whole number in range, format not json or csv, or an unknown parameter',
  })
  async list(
    @Query() query: DisclosuresQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const filter = {
      provider: query.provider,
      crn: query.crn,
      // Stored times are toISOString()'s: compare like with like.
      from: query.from && new Date(query.from).toISOString(),
      to: query.to && new Date(query.to).toISOString(),
    };
    const limit = query.limit ?? 100;
    const page = query.page ?? 1;
    // Every disclosure recorded before the question is in the answer: the log is a read model.
    await readModelsCaughtUp(this.log, this.freshness);
    const { total, entries } = await listDisclosures(this.readModels.database, filter, { limit, offset: (page - 1) * limit });
    // What was disclosed about one case is itself a reading of that case.
    if (filter.crn) {
      await this.accessLog.record({
        crn: filter.crn,
        actor: actorOf(principal),
        view: 'disclosures',
        query: Object.fromEntries(Object.entries({ ...query }).map(([key, value]) => [key, String(value)])),
        from: request.ip ?? 'unknown',
        userAgent: request.headers['user-agent'] ?? null,
      });
    }
    if (query.format === 'csv') {
      response.type('text/csv; charset=utf-8').attachment('disclosures.csv');
      return disclosuresCsv(entries);
    }
    const pages = Math.max(1, Math.ceil(total / limit));
    return { asOf: this.clock().toISOString(), filter, page, pages, limit, total, entries };
  }
}
