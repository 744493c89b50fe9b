import { Body, Controller, Post, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PUBLIC_SERVICE_DECIDERS } from '@escalation-hub/casework-domain';
import type { Principal } from '@escalation-hub/identity';
import { ApiGuardProblems, ApiBodyProblems } from '../api-problems';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { CaseworkErrorsFilter } from '../casework-errors.filter';
import { AllocateCaseCommand, CaseAllocatedResult } from './allocate-case.command';
import { AllocateCaseDto } from './allocate-case.dto';

@ApiTags('cases')
@ApiBearerAuth()
@ApiGuardProblems()
@ApiBodyProblems()
@Controller('v1/cases')
@UseGuards(BearerAuthGuard)
@UseFilters(CaseworkErrorsFilter)
export class AllocateCaseController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles(...PUBLIC_SERVICE_DECIDERS)
  @ApiOperation({ summary: 'Initial allocation assessment of a case' })
  @ApiResponse({
    status: 201,
    description: 'Allocated: { crn, allocatedTo, reason, victimContactEligible, victimContactBasis, sentenceKind, revision }',
  })
  @ApiResponse({ status: 409, description: 'The case already exists' })
  @ApiResponse({
    status: 422,
    description:
      'UNKNOWN_PROVIDER: no token or configuration knows the provider code; SENTENCE_KIND_UNKNOWN: no `kind` given and `type` names none; ' +
      'SENTENCE_INCONSISTENT: facts that contradict the kind (a custodial term on an order, requirements on a licence); ' +
      'MAPPA_LEVEL_NOT_ALLOWED: category 3 at level 1',
  })
  allocate(@Body() body: AllocateCaseDto, @CurrentPrincipal() principal: Principal): Promise<CaseAllocatedResult> {
    return this.commandBus.execute(new AllocateCaseCommand(body.crn, actorOf(principal), body));
  }
}
