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
import { CaseClosedResult, CloseCaseCommand } from './close-case.command';
import { CloseCaseDto } from './close-case.dto';

@ApiTags('cases')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiBodyProblems()
@Controller('v1/cases')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class CloseCaseController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':crn/closure')
  @Roles(...PUBLIC_SERVICE_DECIDERS)
  @ApiOperation({ summary: 'Supervision ended: close the case, withdrawing its open items; the retention clock starts on closedOn' })
  @ApiResponse({ status: 201, description: 'Closed: { crn, reason, closedOn, withdrawnItems, revision }' })
  @ApiResponse({ status: 200, description: 'The same closure sent again: nothing new recorded' })
  @ApiResponse({ status: 409, description: 'CASE_CLOSED: closed already, for another reason or day' })
  @ApiResponse({ status: 422, description: 'CLOSURE_DETAILS_REQUIRED or CLOSED_ON_IN_FUTURE' })
  async close(
    @Param('crn') crn: string,
    @Body() body: CloseCaseDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { created, ...closed } = await this.commandBus.execute<CloseCaseCommand, CaseClosedResult>(
      new CloseCaseCommand(crnFrom(crn), actorOf(principal), body),
    );
    response.status(created ? 201 : 200);
    return closed;
  }
}
