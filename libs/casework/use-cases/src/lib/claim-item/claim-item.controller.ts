import { Controller, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PUBLIC_SERVICE_DECIDERS } from '@escalation-hub/casework-domain';
import type { Principal } from '@escalation-hub/identity';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { ClaimItemCommand, ClaimResult } from './claim-item.command';

@ApiTags('decisions')
@ApiBearerAuth()
@Controller('v1/queue')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class ClaimItemController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':itemId/claim')
  @HttpCode(200)
  @Roles(...PUBLIC_SERVICE_DECIDERS)
  @ApiOperation({ summary: 'Claim an item: 409 if someone else holds it' })
  claim(@Param('itemId') itemId: string, @CurrentPrincipal() principal: Principal): Promise<ClaimResult> {
    return this.commandBus.execute(new ClaimItemCommand(itemId, actorOf(principal)));
  }
}
