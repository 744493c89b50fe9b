import { Controller, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PUBLIC_SERVICE_DECIDERS } from '@escalation-hub/casework-domain';
import type { Principal } from '@escalation-hub/identity';
import { ApiGuardProblems } from '../api-problems';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import type { ClaimResult } from '../claim-item/claim-item.command';
import { ReleaseItemCommand } from './release-item.command';

@ApiTags('decisions')
@ApiBearerAuth()
@ApiGuardProblems()
@Controller('v1/queue')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class ReleaseItemController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':itemId/release')
  @HttpCode(200)
  @Roles(...PUBLIC_SERVICE_DECIDERS)
  @ApiOperation({ summary: 'Give a claimed item back to the queue: its holder, or an SPO or ACO for someone else’s claim' })
  @ApiResponse({
    status: 200,
    description: 'Released: { itemId, kind, crn, claimedBy: null, revision }; an item nobody holds records nothing',
  })
  @ApiResponse({ status: 404, description: 'ITEM_NOT_FOUND: no such item' })
  @ApiResponse({
    status: 409,
    description: 'ITEM_CLAIMED_BY_ANOTHER (someone else holds it, and you are not an SPO or ACO), ITEM_ALREADY_DECIDED or CASE_CLOSED',
  })
  release(@Param('itemId') itemId: string, @CurrentPrincipal() principal: Principal): Promise<ClaimResult> {
    return this.commandBus.execute(new ReleaseItemCommand(itemId, actorOf(principal)));
  }
}
