import { Body, Controller, Param, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '@escalation-hub/identity';
import { ApiGuardProblems, ApiBodyProblems } from '../api-problems';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { crnFrom } from '../http-params';
import { FailureToComplyRecordedResult, RecordFailureToComplyCommand } from './record-failure-to-comply.command';
import { RecordFailureToComplyDto } from './record-failure-to-comply.dto';

@ApiTags('cases')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiBodyProblems()
@Controller('v1/cases')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class RecordFailureToComplyController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':crn/failures-to-comply')
  @Roles('provider')
  @ApiOperation({
    summary:
      'Record a failure to comply on a case you manage. On a community or suspended sentence order, an unacceptable one within 12 months of a formal warning makes breach proceedings due.',
  })
  @ApiResponse({ status: 201, description: 'Recorded: { failureId, crn, breachDue: { breachDueId, dueAt } | null, revision }' })
  @ApiResponse({ status: 200, description: 'A retry of a request already recorded: the original result' })
  async record(
    @Param('crn') crn: string,
    @Body() body: RecordFailureToComplyDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { created, ...answer } = await this.commandBus.execute<RecordFailureToComplyCommand, FailureToComplyRecordedResult>(
      new RecordFailureToComplyCommand(crnFrom(crn), actorOf(principal), body),
    );
    response.status(created ? 201 : 200);
    return answer;
  }
}
