import { Controller, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PUBLIC_SERVICE_DECIDERS } from '@escalation-hub/casework-domain';
import type { Principal } from '@escalation-hub/identity';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import type { ClaimResult } from '../claim-item/claim-item.command';
import { ReleaseItemCommand } from './release-item.command';

@ApiTags('decisions')
@ApiBearerAuth()
@Controller('v1/queue')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class ReleaseItemController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':itemId/release')
  @HttpCode(200)
  @Roles(...PUBLIC_SERVICE_DECIDERS)
  @ApiOperation({ summary: 'Give a claimed item back to the queue: its holder, or an SPO or ACO for someone else’s claim' })
  release(@Param('itemId') itemId: string, @CurrentPrincipal() principal: Principal): Promise<ClaimResult> {
    return this.commandBus.execute(new ReleaseItemCommand(itemId, actorOf(principal)));
  }
}
