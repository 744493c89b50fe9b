import { Body, Controller, Param, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PUBLIC_SERVICE_DECIDERS } from '@escalation-hub/casework-domain';
import type { Response } from 'express';
import type { Principal } from '@escalation-hub/identity';
import { ApiGuardProblems, ApiBodyProblems } from '../api-problems';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { crnFrom } from '../http-params';
import { answerReassessment, ReassessmentResult } from '../reassessment';
import { RecordRoshReviewCommand } from './record-rosh-review.command';
import { RecordRoshReviewDto } from './record-rosh-review.dto';

@ApiTags('reassessment')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiBodyProblems()
@Controller('v1/cases')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class RecordRoshReviewController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':crn/rosh-reviews')
  @Roles(...PUBLIC_SERVICE_DECIDERS)
  @ApiOperation({ summary: 'Record a RoSH review on any case; the allocation policy is applied again and its outcome recorded' })
  @ApiResponse({
    status: 201,
    description: 'Recorded: { crn, outcome: MOVED_TO_NPS | STAYS_WITH_NPS | STAYS_WITH_PROVIDER, managedBy, reason, revision }',
  })
  @ApiResponse({
    status: 200,
    description:
      'The review of this assessment (assessmentReference) sent again, the same: nothing new recorded; the allocation policy on the case as it stands',
  })
  @ApiResponse({ status: 404, description: 'CASE_NOT_FOUND' })
  @ApiResponse({
    status: 409,
    description: 'ASSESSMENT_ALREADY_RECORDED: this assessment is reviewed on the case already, with another level, assessor or day',
  })
  async record(
    @Param('crn') crn: string,
    @Body() body: RecordRoshReviewDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    return answerReassessment(
      response,
      await this.commandBus.execute<RecordRoshReviewCommand, ReassessmentResult>(
        new RecordRoshReviewCommand(crnFrom(crn), actorOf(principal), body),
      ),
    );
  }
}
