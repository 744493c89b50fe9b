import { Body, Controller, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PUBLIC_SERVICE_DECIDERS } from '@escalation-hub/casework-domain';
import type { Principal } from '@escalation-hub/identity';
import { ApiGuardProblems, ApiBodyProblems } from '../api-problems';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { CourtStageRecordedResult, RecordCourtStageCommand } from './record-court-stage.command';
import { RecordCourtStageDto } from './record-court-stage.dto';

@ApiTags('decisions')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiBodyProblems()
@Controller('v1/breach-packs')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class RecordCourtStageController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':breachPackId/court-stages')
  @Roles(...PUBLIC_SERVICE_DECIDERS)
  @ApiOperation({ summary: 'Record where a breach returned to court stands there: laid, listed, then the outcome' })
  @ApiResponse({
    status: 201,
    description: 'Recorded: { breachPackId, crn, court, revision }; the same stage, day and content again records nothing',
  })
  @ApiResponse({
    status: 409,
    description:
      'COURT_STAGE_OUT_OF_ORDER: the breach was not decided RETURN_TO_COURT, the stage is out of order or dated before the last, an outcome is missing or given with another stage, or the same stage and day is recorded already with other content',
  })
  record(
    @Param('breachPackId') breachPackId: string,
    @Body() body: RecordCourtStageDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CourtStageRecordedResult> {
    return this.commandBus.execute(new RecordCourtStageCommand(breachPackId, actorOf(principal), body));
  }
}
