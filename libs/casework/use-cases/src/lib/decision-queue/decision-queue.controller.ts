import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CaseworkReadModels, CLOCK, Clock } from '@escalation-hub/casework-application';
import { PUBLIC_SERVICE_DECIDERS } from '@escalation-hub/casework-domain';
import { BearerAuthGuard, Roles } from '../auth.guard';
import { ApiGuardProblems, ApiQueryProblems } from '../api-problems';
import { QueueQueryDto } from './decision-queue.dto';

/** The public service's work: open items, most urgent first, with their due times. */
@ApiTags('decisions')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiQueryProblems()
@Controller('v1/queue')
@UseGuards(BearerAuthGuard)
export class DecisionQueueController {
  constructor(
    private readonly readModels: CaseworkReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Roles(...PUBLIC_SERVICE_DECIDERS)
  @ApiOperation({ summary: 'Open items, overdue first, then by due time' })
  @ApiResponse({
    status: 200,
    description:
      '{ asOf, total, items: [{ itemId, kind, crn, ldu, provider, dueAt, overdue, claimedBy, summary, openedAt }] }: ' +
      'total counts every matching item; limit and offset read one page of them, in the same order',
  })
  async queue(@Query() query: QueueQueryDto) {
    const now = this.clock();
    const filter = { kind: query.kind, ldu: query.ldu, provider: query.provider, awaiting: query.awaiting };
    const [items, total] = await Promise.all([
      this.readModels.queue({ ...filter, limit: query.limit ?? 100, offset: query.offset ?? 0 }, now),
      this.readModels.queueSize(filter),
    ]);
    return { asOf: now.toISOString(), total, items };
  }
}
