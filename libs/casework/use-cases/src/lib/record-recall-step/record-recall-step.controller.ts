import { Body, Controller, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PUBLIC_SERVICE_DECIDERS } from '@escalation-hub/casework-domain';
import type { Principal } from '@escalation-hub/identity';
import { ApiGuardProblems, ApiBodyProblems } from '../api-problems';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { RecallStepRecordedResult, RecordRecallStepCommand } from './record-recall-step.command';
import { RecordRecallStepDto } from './record-recall-step.dto';

@ApiTags('decisions')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiBodyProblems()
@Controller('v1/recall-advice')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class RecordRecallStepController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':recallAdviceId/steps')
  @Roles(...PUBLIC_SERVICE_DECIDERS)
  @ApiOperation({ summary: 'Record what followed an issued recall (the same step sent again records nothing)' })
  @ApiResponse({
    status: 201,
    description: 'Recorded: { recallAdviceId, crn, steps, revision }; the same step at the same time with the same details records nothing',
  })
  @ApiResponse({
    status: 409,
    description:
      'RECALL_STEP_OUT_OF_ORDER: the advice is not issued, the step is out of order, or the same step at the same time is recorded already with other details',
  })
  @ApiResponse({ status: 422, description: 'HAPPENED_AT_OUT_OF_RANGE: in the future, or before the step it follows' })
  record(
    @Param('recallAdviceId') recallAdviceId: string,
    @Body() body: RecordRecallStepDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RecallStepRecordedResult> {
    return this.commandBus.execute(new RecordRecallStepCommand(recallAdviceId, actorOf(principal), body));
  }
}
