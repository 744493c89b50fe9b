import { Body, Controller, Param, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '@escalation-hub/identity';
import { ApiGuardProblems, ApiBodyProblems } from '../api-problems';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { crnFrom } from '../http-params';
import { AnswerInformationRequestCommand, InformationProvidedResult } from './answer-information-request.command';
import { AnswerInformationRequestDto } from './answer-information-request.dto';

/** The same answer arrives over Kafka too: answer-information-request.message.ts. */
@ApiTags('cases')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiBodyProblems()
@Controller('v1/cases')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class AnswerInformationRequestController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':crn/escalations/:escalationId/information')
  @Roles('provider')
  @ApiOperation({ summary: "A provider answers the public service's questions on one of its escalations" })
  @ApiResponse({
    status: 201,
    description:
      'Recorded: { escalationId, crn, dueAt (when the public service must now decide), late (the answer came after its due time), revision }',
  })
  @ApiResponse({ status: 200, description: 'The same answer sent again: the original result' })
  @ApiResponse({ status: 404, description: 'No such case or escalation visible to you' })
  @ApiResponse({ status: 409, description: 'INFORMATION_NOT_REQUESTED (nothing is asked now) or ITEM_ALREADY_DECIDED' })
  @ApiResponse({ status: 422, description: 'CASE_NOT_MANAGED_BY_PROVIDER: the case has moved on from you' })
  async answer(
    @Param('crn') crn: string,
    @Param('escalationId') escalationId: string,
    @Body() body: AnswerInformationRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { created, ...answer } = await this.commandBus.execute<AnswerInformationRequestCommand, InformationProvidedResult>(
      new AnswerInformationRequestCommand(crnFrom(crn), escalationId, actorOf(principal), body),
    );
    response.status(created ? 201 : 200);
    return answer;
  }
}
