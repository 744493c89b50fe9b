import { Body, Controller, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { COUNTERSIGNERS } from '@escalation-hub/casework-domain';
import type { Principal } from '@escalation-hub/identity';
import { ApiGuardProblems, ApiBodyProblems } from '../api-problems';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { RecallAdviceResult } from '../countersign-recall-advice/countersign-recall-advice.command';
import { ReturnRecallAdviceCommand } from './return-recall-advice.command';
import { ReturnRecallAdviceDto } from './return-recall-advice.dto';

@ApiTags('decisions')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiBodyProblems()
@Controller('v1/recall-advice')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class ReturnRecallAdviceController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':recallAdviceId/return')
  @HttpCode(200)
  @Roles(...COUNTERSIGNERS)
  @ApiOperation({ summary: 'Return recall advice to its author with reasons, instead of countersigning it (the SPO or ACO it awaits)' })
  @ApiResponse({
    status: 200,
    description: 'Returned: { recallAdviceId, crn, status: RETURNED, revision }; the same return again records nothing',
  })
  @ApiResponse({ status: 404, description: 'ITEM_NOT_FOUND: no such recall advice' })
  @ApiResponse({
    status: 409,
    description:
      'RECALL_ADVICE_RETURNED (back with its author already), RECALL_ADVICE_ALREADY_ISSUED (issued or withdrawn), ITEM_CLAIMED_BY_ANOTHER or CASE_CLOSED',
  })
  @ApiResponse({
    status: 422,
    description:
      'COUNTERSIGNATURE_OUT_OF_ORDER (it awaits the other role) or COUNTERSIGNER_CONFLICT (the author, or who signed it already)',
  })
  returnToAuthor(
    @Param('recallAdviceId') recallAdviceId: string,
    @Body() body: ReturnRecallAdviceDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RecallAdviceResult> {
    return this.commandBus.execute(new ReturnRecallAdviceCommand(recallAdviceId, actorOf(principal), body.reason));
  }
}
