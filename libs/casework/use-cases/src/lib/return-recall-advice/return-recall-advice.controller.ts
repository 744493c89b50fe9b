import { Body, Controller, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { COUNTERSIGNERS } from '@escalation-hub/casework-domain';
import type { Principal } from '@escalation-hub/identity';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { RecallAdviceResult } from '../countersign-recall-advice/countersign-recall-advice.command';
import { ReturnRecallAdviceCommand } from './return-recall-advice.command';
import { ReturnRecallAdviceDto } from './return-recall-advice.dto';

@ApiTags('decisions')
@ApiBearerAuth()
@Controller('v1/recall-advice')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class ReturnRecallAdviceController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':recallAdviceId/return')
  @HttpCode(200)
  @Roles(...COUNTERSIGNERS)
  @ApiOperation({ summary: 'Return recall advice to its author with reasons, instead of countersigning it (the SPO or ACO it awaits)' })
  returnToAuthor(
    @Param('recallAdviceId') recallAdviceId: string,
    @Body() body: ReturnRecallAdviceDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RecallAdviceResult> {
    return this.commandBus.execute(new ReturnRecallAdviceCommand(recallAdviceId, actorOf(principal), body.reason));
  }
}
