import { Body, Controller, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { COUNTERSIGNERS } from '@escalation-hub/casework-domain';
import type { Principal } from '@escalation-hub/identity';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { CountersignRecallAdviceCommand, RecallAdviceResult } from './countersign-recall-advice.command';
import { CountersignDto } from './countersign-recall-advice.dto';

@ApiTags('decisions')
@ApiBearerAuth()
@Controller('v1/recall-advice')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class CountersignRecallAdviceController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':recallAdviceId/countersign')
  @HttpCode(200)
  @Roles(...COUNTERSIGNERS)
  @ApiOperation({ summary: 'Countersign recall advice: an SPO first, then an ACO; the ACO signature issues it' })
  countersign(
    @Param('recallAdviceId') recallAdviceId: string,
    @Body() body: CountersignDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RecallAdviceResult> {
    return this.commandBus.execute(new CountersignRecallAdviceCommand(recallAdviceId, actorOf(principal), body.rationale));
  }
}
