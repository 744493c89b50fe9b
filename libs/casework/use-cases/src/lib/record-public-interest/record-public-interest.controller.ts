import { Body, Controller, Param, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '@escalation-hub/identity';
import { ApiGuardProblems, ApiBodyProblems } from '../api-problems';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { crnFrom } from '../http-params';
import { answerReassessment, ReassessmentResult } from '../reassessment';
import { RecordPublicInterestCommand } from './record-public-interest.command';
import { RecordPublicInterestDto } from './record-public-interest.dto';

@ApiTags('reassessment')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiBodyProblems()
@Controller('v1/cases')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class RecordPublicInterestController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':crn/public-interest')
  @Roles('aco')
  @ApiOperation({ summary: 'An ACO records an exceptional public-interest reason; the allocation policy is applied again' })
  @ApiResponse({ status: 201, description: 'Recorded: { crn, outcome, managedBy, reason, revision }' })
  @ApiResponse({ status: 200, description: 'The reason the case already has, sent again: nothing new recorded; where the case stands' })
  async record(
    @Param('crn') crn: string,
    @Body() body: RecordPublicInterestDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    return answerReassessment(
      response,
      await this.commandBus.execute<RecordPublicInterestCommand, ReassessmentResult>(
        new RecordPublicInterestCommand(crnFrom(crn), actorOf(principal), body.reason),
      ),
    );
  }
}
