import { Body, Controller, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PUBLIC_SERVICE_DECIDERS } from '@escalation-hub/casework-domain';
import type { Principal } from '@escalation-hub/identity';
import { ApiGuardProblems, ApiBodyProblems } from '../api-problems';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { ReviewRiskInformationCommand, RiskInformationReviewedResult } from './review-risk-information.command';
import { ReviewRiskInformationDto } from './review-risk-information.dto';

@ApiTags('decisions')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiBodyProblems()
@Controller('v1/risk-information')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class ReviewRiskInformationController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':riskInformationId/review')
  @Roles('provider', ...PUBLIC_SERVICE_DECIDERS)
  @ApiOperation({
    summary:
      'Review information bearing on risk: what came of it, and why (acknowledging it too, if nobody had). Staff on any case; a provider on information it holds while it manages the case.',
  })
  @ApiResponse({ status: 201, description: 'Reviewed: { riskInformationId, crn, outcome, late, revision }' })
  @ApiResponse({ status: 409, description: 'Already reviewed, or claimed by someone else' })
  review(
    @Param('riskInformationId') riskInformationId: string,
    @Body() body: ReviewRiskInformationDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RiskInformationReviewedResult> {
    return this.commandBus.execute(new ReviewRiskInformationCommand(riskInformationId, actorOf(principal), body));
  }
}
