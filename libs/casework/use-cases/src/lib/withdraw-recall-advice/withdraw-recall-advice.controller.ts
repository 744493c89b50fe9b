import { Body, Controller, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PUBLIC_SERVICE_DECIDERS } from '@escalation-hub/casework-domain';
import type { Principal } from '@escalation-hub/identity';
import { ApiGuardProblems, ApiBodyProblems } from '../api-problems';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { RecallAdviceResult } from '../countersign-recall-advice/countersign-recall-advice.command';
import { WithdrawRecallAdviceCommand } from './withdraw-recall-advice.command';
import { WithdrawRecallAdviceDto } from './withdraw-recall-advice.dto';

@ApiTags('decisions')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiBodyProblems()
@Controller('v1/recall-advice')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class WithdrawRecallAdviceController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':recallAdviceId/withdrawal')
  @HttpCode(200)
  @Roles(...PUBLIC_SERVICE_DECIDERS)
  @ApiOperation({ summary: 'Withdraw recall advice not yet issued (its author only), with a reason' })
  @ApiResponse({
    status: 200,
    description: 'Withdrawn: { recallAdviceId, crn, status: WITHDRAWN, revision }; the same withdrawal again records nothing',
  })
  @ApiResponse({ status: 403, description: 'NOT_THE_AUTHOR: only its author withdraws it' })
  @ApiResponse({ status: 404, description: 'ITEM_NOT_FOUND: no such recall advice' })
  @ApiResponse({
    status: 409,
    description: 'RECALL_ADVICE_ALREADY_ISSUED, ITEM_ALREADY_DECIDED (withdrawn already, for another reason) or CASE_CLOSED',
  })
  withdraw(
    @Param('recallAdviceId') recallAdviceId: string,
    @Body() body: WithdrawRecallAdviceDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RecallAdviceResult> {
    return this.commandBus.execute(new WithdrawRecallAdviceCommand(recallAdviceId, actorOf(principal), body.reason));
  }
}
