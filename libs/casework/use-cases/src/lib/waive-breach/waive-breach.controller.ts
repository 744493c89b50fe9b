import { Body, Controller, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PUBLIC_SERVICE_DECIDERS } from '@escalation-hub/casework-domain';
import type { Principal } from '@escalation-hub/identity';
import { ApiGuardProblems, ApiBodyProblems } from '../api-problems';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { BreachWaivedResult, WaiveBreachCommand } from './waive-breach.command';
import { WaiveBreachDto } from './waive-breach.dto';

@ApiTags('cases')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiBodyProblems()
@Controller('v1/breach-due')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class WaiveBreachController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':breachDueId/waiver')
  @HttpCode(200)
  @Roles('provider', ...PUBLIC_SERVICE_DECIDERS)
  @ApiOperation({ summary: 'Waive breach proceedings that fell due, for exceptional reasons (the provider that holds them, or staff)' })
  @ApiResponse({ status: 200, description: 'Waived: { breachDueId, crn, revision }; the same waiver again records nothing' })
  waive(
    @Param('breachDueId') breachDueId: string,
    @Body() body: WaiveBreachDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BreachWaivedResult> {
    return this.commandBus.execute(new WaiveBreachCommand(breachDueId, actorOf(principal), body.reason));
  }
}
