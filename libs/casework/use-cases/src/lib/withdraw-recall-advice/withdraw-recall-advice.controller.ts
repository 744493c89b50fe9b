import { Body, Controller, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PUBLIC_SERVICE_DECIDERS } from '@escalation-hub/casework-domain';
import type { Principal } from '@escalation-hub/identity';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { RecallAdviceResult } from '../countersign-recall-advice/countersign-recall-advice.command';
import { WithdrawRecallAdviceCommand } from './withdraw-recall-advice.command';
import { WithdrawRecallAdviceDto } from './withdraw-recall-advice.dto';

@ApiTags('decisions')
@ApiBearerAuth()
@Controller('v1/recall-advice')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class WithdrawRecallAdviceController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':recallAdviceId/withdrawal')
  @HttpCode(200)
  @Roles(...PUBLIC_SERVICE_DECIDERS)
  @ApiOperation({ summary: 'Withdraw recall advice not yet issued (its author only), with a reason' })
  withdraw(
    @Param('recallAdviceId') recallAdviceId: string,
    @Body() body: WithdrawRecallAdviceDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RecallAdviceResult> {
    return this.commandBus.execute(new WithdrawRecallAdviceCommand(recallAdviceId, actorOf(principal), body.reason));
  }
}
