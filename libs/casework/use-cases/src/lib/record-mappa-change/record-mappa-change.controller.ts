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
import { RecordMappaChangeCommand } from './record-mappa-change.command';
import { RecordMappaChangeDto } from './record-mappa-change.dto';

@ApiTags('reassessment')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiBodyProblems()
@Controller('v1/cases')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class RecordMappaChangeController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':crn/mappa-changes')
  @Roles(...PUBLIC_SERVICE_DECIDERS)
  @ApiOperation({
    summary: 'Record a MAPPA registration, change of level, or end; the allocation policy is applied again and its outcome recorded',
  })
  @ApiResponse({
    status: 201,
    description: 'Recorded: { crn, outcome: MOVED_TO_NPS | STAYS_WITH_NPS | STAYS_WITH_PROVIDER, managedBy, reason, revision }',
  })
  @ApiResponse({
    status: 200,
    description:
      'The MAPPA the case has already (the same change sent again): nothing recorded; the allocation policy on the case as it stands',
  })
  @ApiResponse({ status: 422, description: 'MAPPA_LEVEL_NOT_ALLOWED: category 3 at level 1' })
  async record(
    @Param('crn') crn: string,
    @Body() body: RecordMappaChangeDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    return answerReassessment(
      response,
      await this.commandBus.execute<RecordMappaChangeCommand, ReassessmentResult>(
        new RecordMappaChangeCommand(crnFrom(crn), actorOf(principal), body.mappa),
      ),
    );
  }
}
