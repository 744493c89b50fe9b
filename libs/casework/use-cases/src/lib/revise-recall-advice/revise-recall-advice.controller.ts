import { Body, Controller, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PUBLIC_SERVICE_DECIDERS } from '@escalation-hub/casework-domain';
import type { Principal } from '@escalation-hub/identity';
import { ApiGuardProblems, ApiBodyProblems } from '../api-problems';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { RecallAdviceResult } from '../countersign-recall-advice/countersign-recall-advice.command';
import { ReviseRecallAdviceCommand } from './revise-recall-advice.command';
import { ReviseRecallAdviceDto } from './revise-recall-advice.dto';

@ApiTags('decisions')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiBodyProblems()
@Controller('v1/recall-advice')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class ReviseRecallAdviceController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':recallAdviceId/revision')
  @HttpCode(200)
  @Roles(...PUBLIC_SERVICE_DECIDERS)
  @ApiOperation({ summary: 'Revise returned recall advice (its author only); it then needs both countersignatures again' })
  @ApiResponse({
    status: 200,
    description:
      'Revised: { recallAdviceId, crn, status, revision } (status AWAITING_SPO); the same revision with the same note and terms again records nothing and answers where the advice stands',
  })
  @ApiResponse({ status: 403, description: 'NOT_THE_AUTHOR: only its author revises it' })
  @ApiResponse({ status: 404, description: 'ITEM_NOT_FOUND: no such recall advice' })
  @ApiResponse({
    status: 409,
    description:
      'RECALL_ADVICE_NOT_RETURNED (it is not back with you), RECALL_ADVICE_ALREADY_ISSUED, ITEM_ALREADY_DECIDED (withdrawn) or CASE_CLOSED',
  })
  @ApiResponse({ status: 422, description: 'RECALL_TYPE_NOT_ALLOWED, RECALL_NOT_AVAILABLE or SENTENCE_KIND_UNKNOWN' })
  revise(
    @Param('recallAdviceId') recallAdviceId: string,
    @Body() body: ReviseRecallAdviceDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RecallAdviceResult> {
    return this.commandBus.execute(new ReviseRecallAdviceCommand(recallAdviceId, actorOf(principal), body));
  }
}
