import { Body, Controller, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PUBLIC_SERVICE_DECIDERS } from '@escalation-hub/casework-domain';
import type { Principal } from '@escalation-hub/identity';
import { ApiGuardProblems, ApiBodyProblems } from '../api-problems';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { DecideTransferCommand, TransferDecidedResult } from './decide-transfer.command';
import { DecideTransferDto } from './decide-transfer.dto';

@ApiTags('decisions')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiBodyProblems()
@Controller('v1/transfers')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class DecideTransferController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':transferId/decision')
  @Roles(...PUBLIC_SERVICE_DECIDERS)
  @ApiOperation({ summary: 'The receiving area accepts or refuses a transfer, with a reason' })
  @ApiResponse({ status: 201, description: 'Decided: { transferId, crn, outcome, late, ldu, managedBy, revision }' })
  @ApiResponse({ status: 409, description: 'Already decided, or claimed by someone else' })
  @ApiResponse({ status: 422, description: 'TRANSFER_DECIDER_CONFLICT: the person who asked for it cannot answer it' })
  decide(
    @Param('transferId') transferId: string,
    @Body() body: DecideTransferDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TransferDecidedResult> {
    return this.commandBus.execute(new DecideTransferCommand(transferId, actorOf(principal), body));
  }
}
