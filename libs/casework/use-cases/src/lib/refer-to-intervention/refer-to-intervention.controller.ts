import { Body, Controller, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PUBLIC_SERVICE_DECIDERS } from '@escalation-hub/casework-domain';
import type { Principal } from '@escalation-hub/identity';
import { ApiGuardProblems, ApiBodyProblems } from '../api-problems';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { crnFrom } from '../http-params';
import { InterventionReferredResult, ReferToInterventionCommand } from './refer-to-intervention.command';
import { ReferToInterventionDto } from './refer-to-intervention.dto';

@ApiTags('cases')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiBodyProblems()
@Controller('v1/cases')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class ReferToInterventionController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':crn/interventions')
  @Roles(...PUBLIC_SERVICE_DECIDERS)
  @ApiOperation({
    summary:
      'Refer a case the public service manages to a provider’s intervention: that provider may then record risk information on it (and learns nothing else of it)',
  })
  @ApiResponse({ status: 201, description: 'Referred: { crn, provider, intervention, revision }; the same referral again records nothing' })
  @ApiResponse({
    status: 422,
    description: 'CASE_NOT_MANAGED_BY_PUBLIC_SERVICE: a provider manages the case; UNKNOWN_PROVIDER: the hub knows no such provider',
  })
  refer(
    @Param('crn') crn: string,
    @Body() body: ReferToInterventionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<InterventionReferredResult> {
    return this.commandBus.execute(new ReferToInterventionCommand(crnFrom(crn), actorOf(principal), body));
  }
}
