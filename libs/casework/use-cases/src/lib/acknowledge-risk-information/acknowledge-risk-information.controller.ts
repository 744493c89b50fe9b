import { Controller, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PUBLIC_SERVICE_DECIDERS } from '@escalation-hub/casework-domain';
import type { Principal } from '@escalation-hub/identity';
import { ApiGuardProblems } from '../api-problems';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { AcknowledgeRiskInformationCommand, RiskInformationAcknowledgedResult } from './acknowledge-risk-information.command';

@ApiTags('decisions')
@ApiBearerAuth()
@ApiGuardProblems()
@Controller('v1/risk-information')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class AcknowledgeRiskInformationController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':riskInformationId/acknowledgement')
  @HttpCode(200)
  @Roles('provider', ...PUBLIC_SERVICE_DECIDERS)
  @ApiOperation({
    summary:
      'Acknowledge information bearing on risk (recorded once; sent again, nothing new). Staff on any case; a provider on information it holds while it manages the case.',
  })
  @ApiResponse({ status: 200, description: 'Acknowledged: { riskInformationId, crn, acknowledgedAt, late, revision }' })
  acknowledge(
    @Param('riskInformationId') riskInformationId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RiskInformationAcknowledgedResult> {
    return this.commandBus.execute(new AcknowledgeRiskInformationCommand(riskInformationId, actorOf(principal)));
  }
}
