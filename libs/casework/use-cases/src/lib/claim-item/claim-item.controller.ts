import { Controller, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PUBLIC_SERVICE_DECIDERS } from '@escalation-hub/casework-domain';
import type { Principal } from '@escalation-hub/identity';
import { ApiGuardProblems } from '../api-problems';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { ClaimItemCommand, ClaimResult } from './claim-item.command';

@ApiTags('decisions')
@ApiBearerAuth()
@ApiGuardProblems()
@Controller('v1/queue')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class ClaimItemController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':itemId/claim')
  @HttpCode(200)
  @Roles(...PUBLIC_SERVICE_DECIDERS)
  @ApiOperation({ summary: 'Claim an item: 409 if someone else holds it' })
  @ApiResponse({
    status: 200,
    description: 'Claimed: { itemId, kind, crn, claimedBy, revision }; claiming an item you hold already records nothing',
  })
  @ApiResponse({ status: 404, description: 'ITEM_NOT_FOUND: no such item' })
  @ApiResponse({
    status: 409,
    description:
      'ITEM_CLAIMED_BY_ANOTHER (someone else holds it), ITEM_ALREADY_DECIDED, ITEM_HELD_BY_PROVIDER (a provider’s officer holds it), RECALL_ADVICE_RETURNED or CASE_CLOSED',
  })
  @ApiResponse({
    status: 422,
    description: 'Recall advice is claimed only by whoever may sign it next: COUNTERSIGNATURE_OUT_OF_ORDER or COUNTERSIGNER_CONFLICT',
  })
  claim(@Param('itemId') itemId: string, @CurrentPrincipal() principal: Principal): Promise<ClaimResult> {
    return this.commandBus.execute(new ClaimItemCommand(itemId, actorOf(principal)));
  }
}
