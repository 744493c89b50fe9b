import { Body, Controller, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { COUNTERSIGNERS } from '@escalation-hub/casework-domain';
import type { Principal } from '@escalation-hub/identity';
import { ApiGuardProblems, ApiBodyProblems } from '../api-problems';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { CountersignRecallAdviceCommand, RecallAdviceResult } from './countersign-recall-advice.command';
import { CountersignDto } from './countersign-recall-advice.dto';

@ApiTags('decisions')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiBodyProblems()
@Controller('v1/recall-advice')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class CountersignRecallAdviceController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':recallAdviceId/countersign')
  @HttpCode(200)
  @Roles(...COUNTERSIGNERS)
  @ApiOperation({ summary: 'Countersign recall advice: an SPO first, then an ACO; the ACO signature issues it' })
  @ApiResponse({
    status: 200,
    description: 'Countersigned: { recallAdviceId, crn, status: AWAITING_ACO after the SPO, ISSUED after the ACO, revision }',
  })
  @ApiResponse({ status: 404, description: 'ITEM_NOT_FOUND: no such recall advice' })
  @ApiResponse({
    status: 409,
    description:
      'RECALL_ADVICE_ALREADY_ISSUED (issued or withdrawn), RECALL_ADVICE_RETURNED (back with its author), ITEM_CLAIMED_BY_ANOTHER or CASE_CLOSED',
  })
  @ApiResponse({
    status: 422,
    description:
      'COUNTERSIGNATURE_OUT_OF_ORDER (an SPO first, then an ACO) or COUNTERSIGNER_CONFLICT (the author, or the same person twice)',
  })
  countersign(
    @Param('recallAdviceId') recallAdviceId: string,
    @Body() body: CountersignDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RecallAdviceResult> {
    return this.commandBus.execute(new CountersignRecallAdviceCommand(recallAdviceId, actorOf(principal), body.rationale));
  }
}
