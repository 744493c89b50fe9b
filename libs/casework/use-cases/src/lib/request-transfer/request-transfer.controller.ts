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
import { RequestTransferCommand, TransferRequestedResult } from './request-transfer.command';
import { RequestTransferDto } from './request-transfer.dto';

@ApiTags('cases')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiBodyProblems()
@Controller('v1/cases')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class RequestTransferController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':crn/transfers')
  @Roles(...PUBLIC_SERVICE_DECIDERS)
  @ApiOperation({ summary: 'Ask another area to take the case over; the receiving area accepts or refuses it from the queue' })
  @ApiResponse({ status: 201, description: 'Requested: { transferId, crn, dueAt, revision }' })
  @ApiResponse({ status: 200, description: 'The same request sent again: nothing new recorded' })
  @ApiResponse({ status: 409, description: 'TRANSFER_ALREADY_OPEN, ITEM_ID_TAKEN or CASE_CLOSED' })
  @ApiResponse({ status: 422, description: 'TRANSFER_TO_SAME_AREA or UNKNOWN_PROVIDER' })
  async request(
    @Param('crn') crn: string,
    @Body() body: RequestTransferDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { created, ...requested } = await this.commandBus.execute<RequestTransferCommand, TransferRequestedResult>(
      new RequestTransferCommand(crnFrom(crn), actorOf(principal), { ...body, transferId: body.transferId ?? '' }),
    );
    response.status(created ? 201 : 200);
    return requested;
  }
}
