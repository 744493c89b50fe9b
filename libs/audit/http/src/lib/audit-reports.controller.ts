import { Controller, Get, Inject, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { lateItems } from '@escalation-hub/audit-application';
import { CLOCK, Clock, READ_MODEL_FRESHNESS, ReadModelFreshness } from '@escalation-hub/casework-application';
import { AWAITING_SIDES, REPORT_READERS } from '@escalation-hub/casework-domain';
import type { AwaitingSide } from '@escalation-hub/casework-domain';
import { BearerAuthGuard, Roles, ApiGuardProblems } from '@escalation-hub/casework-use-cases';
import { EventLog, SqlReadModelStore } from '@escalation-hub/event-store';
import { readModelsCaughtUp } from './caught-up';
import { lateItemsCsv } from './timeline.renderers';

export class LateDecisionsQueryDto {
  @ApiPropertyOptional({ description: 'Items due at or after this moment (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO-8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ description: 'Items due before this moment (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO-8601 date-time' })
  to?: string;

  @ApiPropertyOptional({
    enum: AWAITING_SIDES,
    description: "Only the items that waited on the public service's move, or only those that waited on a provider's",
  })
  @IsOptional()
  @IsIn(AWAITING_SIDES, { message: `must be one of ${AWAITING_SIDES.join(', ')}` })
  awaiting?: AwaitingSide;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'must be one of json, csv' })
  format?: 'json' | 'csv';
}

@ApiTags('audit')
@ApiBearerAuth()
@ApiGuardProblems()
@Controller('v1/audit/reports')
@UseGuards(BearerAuthGuard)
export class AuditReportsController {
  constructor(
    private readonly readModels: SqlReadModelStore,
    private readonly log: EventLog,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(READ_MODEL_FRESHNESS) private readonly freshness: ReadModelFreshness,
  ) {}

  @Get('late-decisions')
  @Roles(...REPORT_READERS)
  @ApiOperation({ summary: 'Every item decided late, or still undecided past its due time, with who decided or holds it' })
  @ApiResponse({
    status: 200,
    description:
      'By ?format (default json): JSON { asOf, from, to, awaiting, items: [{ itemId, kind, crn, openedAt, dueAt, status, decidedAt, decidedBy, heldBy, lateByMinutes, awaitedFrom }] } ' +
      '(status: DECIDED_LATE, STILL_OVERDUE or WITHDRAWN_OVERDUE; awaitedFrom: NPS, or the code of the provider whose move it was); csv: the items as a CSV download (late-decisions.csv)',
  })
  @ApiResponse({
    status: 400,
    description:
      'The query is not valid (errors names each field): from or to not ISO-8601, awaiting not PUBLIC_SERVICE or PROVIDER, format not json or csv, or an unknown parameter',
  })
  async lateDecisions(@Query() query: LateDecisionsQueryDto, @Res({ passthrough: true }) response: Response) {
    const now = this.clock();
    // Normalise to the stored form (toISOString) so the range compares like with like.
    const range = { from: query.from && new Date(query.from).toISOString(), to: query.to && new Date(query.to).toISOString() };
    await readModelsCaughtUp(this.log, this.freshness);
    const items = await lateItems(this.readModels.database, { ...range, awaiting: query.awaiting }, now);
    if (query.format === 'csv') {
      response.type('text/csv; charset=utf-8').attachment('late-decisions.csv');
      return lateItemsCsv(items);
    }
    return { asOf: now.toISOString(), from: range.from ?? null, to: range.to ?? null, awaiting: query.awaiting ?? null, items };
  }
}
