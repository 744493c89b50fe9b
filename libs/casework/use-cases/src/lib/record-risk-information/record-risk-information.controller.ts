import { Body, Controller, Param, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { PUBLIC_SERVICE_DECIDERS } from '@escalation-hub/casework-domain';
import type { Principal } from '@escalation-hub/identity';
import { ApiGuardProblems, ApiBodyProblems } from '../api-problems';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { crnFrom } from '../http-params';
import { RecordRiskInformationCommand, RiskInformationRecordedResult } from './record-risk-information.command';
import { RecordRiskInformationDto } from './record-risk-information.dto';

@ApiTags('cases')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiBodyProblems()
@Controller('v1/cases')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class RecordRiskInformationController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':crn/risk-information')
  @Roles('provider', ...PUBLIC_SERVICE_DECIDERS)
  @ApiOperation({
    summary:
      'Record information bearing on risk: staff on any case, the managing provider, or the area’s provider delivering an intervention to a public-service case. The side managing the case acknowledges and reviews it.',
  })
  @ApiResponse({
    status: 201,
    description: 'Recorded: { riskInformationId, crn, dueAt, heldBy, revision } (a provider’s own revision for a provider)',
  })
  @ApiResponse({ status: 200, description: 'The same record sent again: nothing new recorded' })
  @ApiResponse({ status: 404, description: 'A case the provider neither manages nor delivers an intervention to' })
  @ApiResponse({ status: 409, description: 'ITEM_ID_TAKEN or CASE_CLOSED' })
  @ApiResponse({ status: 422, description: 'CASE_NOT_MANAGED_BY_PROVIDER or KNOWN_AT_IN_FUTURE' })
  async record(
    @Param('crn') crn: string,
    @Body() body: RecordRiskInformationDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { created, ...recorded } = await this.commandBus.execute<RecordRiskInformationCommand, RiskInformationRecordedResult>(
      new RecordRiskInformationCommand(crnFrom(crn), actorOf(principal), { ...body, riskInformationId: body.riskInformationId ?? '' }),
    );
    response.status(created ? 201 : 200);
    return recorded;
  }
}
