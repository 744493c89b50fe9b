import { randomUUID } from 'node:crypto';
import { Body, Controller, Param, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PUBLIC_SERVICE_DECIDERS } from '@escalation-hub/casework-domain';
import type { Response } from 'express';
import type { Principal } from '@escalation-hub/identity';
import { ApiGuardProblems, ApiBodyProblems } from '../api-problems';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { crnFrom } from '../http-params';
import { DraftRecallAdviceCommand, RecallAdviceDraftedResult } from './draft-recall-advice.command';
import { DraftRecallAdviceDto } from './draft-recall-advice.dto';

@ApiTags('cases')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiBodyProblems()
@Controller('v1/cases')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class DraftRecallAdviceController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':crn/recall-advice')
  @Roles(...PUBLIC_SERVICE_DECIDERS)
  @ApiOperation({ summary: 'Draft recall advice; it then needs an SPO and then an ACO countersignature' })
  @ApiResponse({
    status: 201,
    description: 'Drafted: { recallAdviceId, crn, dueAt, status, revision }',
  })
  @ApiResponse({
    status: 200,
    description: 'The same recallAdviceId from you with the same terms, sent again: nothing new recorded; where the advice stands',
  })
  @ApiResponse({ status: 409, description: 'ITEM_ID_TAKEN: the recallAdviceId is another advice, yours with other terms, or another item' })
  async draft(
    @Param('crn') crn: string,
    @Body() body: DraftRecallAdviceDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const recallAdviceId = body.recallAdviceId ?? `ra-${randomUUID()}`;
    const { created, ...drafted } = await this.commandBus.execute<DraftRecallAdviceCommand, RecallAdviceDraftedResult>(
      new DraftRecallAdviceCommand(crnFrom(crn), actorOf(principal), recallAdviceId, body),
    );
    response.status(created ? 201 : 200);
    return drafted;
  }
}
