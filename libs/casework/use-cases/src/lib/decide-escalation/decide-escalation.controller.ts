import { Body, Controller, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PUBLIC_SERVICE_DECIDERS } from '@escalation-hub/casework-domain';
import type { Principal } from '@escalation-hub/identity';
import { ApiGuardProblems, ApiBodyProblems } from '../api-problems';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { DecideEscalationCommand, EscalationDecidedResult } from './decide-escalation.command';
import { DecideEscalationDto } from './decide-escalation.dto';

@ApiTags('decisions')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiBodyProblems()
@Controller('v1/escalations')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class DecideEscalationController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':escalationId/decision')
  @Roles(...PUBLIC_SERVICE_DECIDERS)
  @ApiOperation({ summary: 'Decide an escalation, with a written rationale' })
  @ApiResponse({ status: 201, description: 'Decided' })
  @ApiResponse({ status: 409, description: 'Already decided, or claimed by someone else' })
  decide(
    @Param('escalationId') escalationId: string,
    @Body() body: DecideEscalationDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<EscalationDecidedResult> {
    return this.commandBus.execute(new DecideEscalationCommand(escalationId, actorOf(principal), body));
  }
}
