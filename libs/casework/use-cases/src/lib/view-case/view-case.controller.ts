import { Controller, Get, Inject, NotFoundException, Param, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CASE_READS, CaseReadRecorder, CaseworkReadModels, CLOCK, Clock, DisclosedEvent } from '@escalation-hub/casework-application';
import { awaitsPublicService, CaseState, isOpen, itemClock, PUBLIC_SERVICE_DECIDERS } from '@escalation-hub/casework-domain';
import type { Principal } from '@escalation-hub/identity';
import { problem } from '@escalation-hub/platform';
import { ApiGuardProblems } from '../api-problems';
import { actorOf, BearerAuthGuard, CurrentPrincipal, Roles } from '../auth.guard';
import { crnFrom } from '../http-params';

/**
 * The case as clients see it: items as a list, each with whose move it is and each side's time so
 * far, the request memory left out.
 */
function caseResponse(state: CaseState, revision: number, now: Date) {
  const { requests: _requests, items, ...rest } = state;
  return {
    ...rest,
    items: Object.values(items).map((item) => ({
      ...item,
      open: isOpen(item),
      awaiting: !isOpen(item) ? null : awaitsPublicService(item) ? 'PUBLIC_SERVICE' : 'PROVIDER',
      clock: itemClock(item, now),
    })),
    revision,
  };
}

/** The current state of a case, for everyone who may see it. */
@ApiTags('cases')
@ApiBearerAuth()
@ApiGuardProblems()
@Controller('v1/cases')
@UseGuards(BearerAuthGuard)
export class ViewCaseController {
  constructor(
    private readonly readModels: CaseworkReadModels,
    @Inject(CASE_READS) private readonly caseReads: CaseReadRecorder,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':crn')
  @Roles('provider', ...PUBLIC_SERVICE_DECIDERS, 'auditor')
  @ApiOperation({
    summary:
      'The current state of a case. A provider sees only what was disclosed to it: its case while it manages it; after a transfer, its own requests and the decisions on them up to the move',
  })
  @ApiResponse({
    status: 200,
    description:
      'Staff and auditors: the case ({ crn, ldu, managedBy, sentence, rosh, mappa, ..., items: [{ ..., open, awaiting, clock }], revision }); ' +
      'a provider: what was disclosed to it ({ crn, ldu, managedBy, allocatedAt, sentence, rosh, ..., items, recallAdvice, riskInformation, compliance })',
  })
  @ApiResponse({
    status: 404,
    description: 'No such case visible to you: also a case another provider manages, or one the public service kept from the start',
  })
  async view(@Param('crn') crnParam: string, @CurrentPrincipal() principal: Principal, @Req() request: Request) {
    const crn = crnFrom(crnParam);
    const notVisible = () => new NotFoundException(problem(404, `No case ${crn} is visible to you`));
    if (principal.role === 'provider') {
      const found = await this.readModels.providerCase(principal.provider ?? '', crn);
      if (!found) throw notVisible();
      await this.recordRead(crn, principal, request, found.shown);
      return found.view;
    }
    const found = await this.readModels.findCase(crn);
    if (!found) throw notVisible();
    await this.recordRead(crn, principal, request);
    return caseResponse(found.state, found.revision, this.clock());
  }

  /** Every answered read is recorded before the answer goes: a provider's is a disclosure too. */
  private recordRead(crn: string, principal: Principal, request: Request, disclosed?: DisclosedEvent[]): Promise<void> {
    return this.caseReads.record({
      crn,
      actor: actorOf(principal),
      view: 'case',
      query: {},
      from: request.ip ?? 'unknown',
      userAgent: request.headers['user-agent'] ?? null,
      ...(disclosed ? { disclosed } : {}),
    });
  }
}
