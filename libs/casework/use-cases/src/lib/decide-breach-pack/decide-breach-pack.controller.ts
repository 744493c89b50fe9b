import { Body, Controller, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PUBLIC_SERVICE_DECIDERS } from '@escalation-hub/casework-domain';
import type { Principal } from '@escalation-hub/identity';
import { ApiGuardProblems, ApiBodyProblems } from '../api-problems';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { BreachPackDecidedResult, DecideBreachPackCommand } from './decide-breach-pack.command';
import { DecideBreachPackDto } from './decide-breach-pack.dto';

@ApiTags('decisions')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiBodyProblems()
@Controller('v1/breach-packs')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class DecideBreachPackController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':breachPackId/decision')
  @Roles(...PUBLIC_SERVICE_DECIDERS)
  @ApiOperation({ summary: 'Decide the action on a breach pack, with a written rationale' })
  @ApiResponse({ status: 201, description: 'Decided: { breachPackId, crn, outcome, late, revision }' })
  @ApiResponse({ status: 404, description: 'ITEM_NOT_FOUND: no such breach pack' })
  @ApiResponse({
    status: 409,
    description: 'Already decided, or claimed by someone else (ITEM_ALREADY_DECIDED, ITEM_CLAIMED_BY_ANOTHER); CASE_CLOSED',
  })
  @ApiResponse({
    status: 422,
    description: 'BREACH_OUTCOME_NOT_ALLOWED (the outcome does not fit the sentence), SENTENCE_KIND_UNKNOWN or SEEN_REVISION_UNKNOWN',
  })
  decide(
    @Param('breachPackId') breachPackId: string,
    @Body() body: DecideBreachPackDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BreachPackDecidedResult> {
    return this.commandBus.execute(new DecideBreachPackCommand(breachPackId, actorOf(principal), body));
  }
}
