import { Body, Controller, Param, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '@escalation-hub/identity';
import { ApiGuardProblems, ApiBodyProblems } from '../api-problems';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { crnFrom } from '../http-params';
import { EscalationRequestedResult, RequestEscalationCommand } from './request-escalation.command';
import { RequestEscalationDto } from './request-escalation.dto';

/** The same request arrives over Kafka too: request-escalation.message.ts. */
@ApiTags('cases')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiBodyProblems()
@Controller('v1/cases')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class RequestEscalationController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':crn/escalations')
  @Roles('provider')
  @ApiOperation({ summary: 'A provider asks the public service to review rising risk' })
  @ApiResponse({
    status: 201,
    description:
      'Recorded: { escalationId, crn, dueAt, revision } (revision: the case as you see it, counted in your provider events of it from 0)',
  })
  @ApiResponse({ status: 200, description: 'A retry of a request already recorded: the original result' })
  @ApiResponse({ status: 429, description: 'TOO_MANY_OPEN_REQUESTS on the case, or this token is over its request rate (Retry-After)' })
  async escalate(
    @Param('crn') crn: string,
    @Body() body: RequestEscalationDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { created, ...answer } = await this.commandBus.execute<RequestEscalationCommand, EscalationRequestedResult>(
      new RequestEscalationCommand(crnFrom(crn), actorOf(principal), body),
    );
    response.status(created ? 201 : 200);
    return answer;
  }
}
