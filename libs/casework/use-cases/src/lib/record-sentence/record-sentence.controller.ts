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
import { RecordSentenceCommand } from './record-sentence.command';
import { RecordSentenceDto } from './record-sentence.dto';

@ApiTags('reassessment')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiBodyProblems()
@Controller('v1/cases')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class RecordSentenceController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':crn/sentences')
  @Roles(...PUBLIC_SERVICE_DECIDERS)
  @ApiOperation({ summary: 'Record a new sentence on a known case: a new allocation assessment of it, with victim contact decided again' })
  @ApiResponse({
    status: 201,
    description: 'Recorded: { crn, outcome: MOVED_TO_NPS | STAYS_WITH_NPS | STAYS_WITH_PROVIDER, managedBy, reason, revision }',
  })
  @ApiResponse({ status: 422, description: 'SENTENCE_KIND_UNKNOWN, SENTENCE_INCONSISTENT' })
  async record(
    @Param('crn') crn: string,
    @Body() body: RecordSentenceDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    return answerReassessment(
      response,
      await this.commandBus.execute<RecordSentenceCommand, ReassessmentResult>(
        new RecordSentenceCommand(crnFrom(crn), actorOf(principal), body.sentence),
      ),
    );
  }
}
