import { Body, Controller, Param, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '@escalation-hub/identity';
import { ApiGuardProblems, ApiBodyProblems } from '../api-problems';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { crnFrom } from '../http-params';
import { RecordWarningCommand, WarningRecordedResult } from './record-warning.command';
import { RecordWarningDto } from './record-warning.dto';

@ApiTags('cases')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiBodyProblems()
@Controller('v1/cases')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class RecordWarningController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':crn/warnings')
  @Roles('provider')
  @ApiOperation({
    summary: 'Record a formal warning for recorded failures to comply (on an order, one in 12 months: 422 WARNING_ALREADY_GIVEN)',
  })
  @ApiResponse({ status: 201, description: 'Recorded: { warningId, crn, revision }' })
  @ApiResponse({ status: 200, description: 'A retry of a request already recorded: the original result' })
  async record(
    @Param('crn') crn: string,
    @Body() body: RecordWarningDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { created, ...answer } = await this.commandBus.execute<RecordWarningCommand, WarningRecordedResult>(
      new RecordWarningCommand(crnFrom(crn), actorOf(principal), body),
    );
    response.status(created ? 201 : 200);
    return answer;
  }
}
