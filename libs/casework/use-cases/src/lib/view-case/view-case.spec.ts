import 'reflect-metadata';
import { NotFoundException } from '@nestjs/common';
import type { Request } from 'express';
import type { CaseReadRecorder } from '@escalation-hub/casework-application';
import type { Actor } from '@escalation-hub/casework-domain';
import { actors, hoursLater, ON_LICENCE } from '@escalation-hub/casework-domain/testing';
import { ClaimItemCommand } from '../claim-item/claim-item.command';
import { ClaimItemHandler } from '../claim-item/claim-item.handler';
import { RequestEscalationCommand } from '../request-escalation/request-escalation.command';
import { RequestEscalationHandler } from '../request-escalation/request-escalation.handler';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { ViewCaseController } from './view-case.controller';

const CRN = 'X100048';
const request = { ip: '10.0.0.7', headers: { 'user-agent': 'case-page' } } as unknown as Request;
const ESCALATION = {
  requestId: 'k-1',
  raisedBy: 'Jo Bloggs',
  proposedRosh: 'HIGH',
  urgency: 'URGENT',
  triggers: ['VICTIM_CONCERN'],
  summary: 'Seen near her work.',
} as const;
const principalOf = (actor: Actor) => ({ tokenId: `t-${actor.id}`, name: actor.id, role: actor.role, provider: actor.provider });

describe('view-case', () => {
  let testbed: UseCaseTestbed;
  let reads: Parameters<CaseReadRecorder['record']>[0][];
  let view: (actor: Actor, crn?: string) => Promise<unknown>;

  // CRC07's licence case: its escalation, claimed by an officer, and her draft recall advice; viewed an hour later.
  beforeEach(async () => {
    testbed = openUseCaseTestbed();
    reads = [];
    const controller = new ViewCaseController(testbed.readModels, { record: async (read) => void reads.push(read) }, () => hoursLater(1));
    view = (actor, crn = CRN) => controller.view(crn, principalOf(actor), request);

    await testbed.allocate(CRN, { sentence: ON_LICENCE, rosh: 'MEDIUM' });
    const { escalationId } = await new RequestEscalationHandler(testbed.runner).execute(
      new RequestEscalationCommand(CRN, actors.crc07, ESCALATION),
    );
    await new ClaimItemHandler(testbed.runner, testbed.items).execute(new ClaimItemCommand(escalationId, actors.officer));
    await testbed.draftRecallAdvice(CRN);
  });
  afterEach(() => testbed.close());

  it('shows staff the whole case, each item with whose move it is and the time so far, and records the read', async () => {
    const seen = await view(actors.officer);
    const clock = { publicServiceMinutes: 60, providerMinutes: 0, providerBeforeEscalatingMinutes: null };
    expect(seen).toMatchObject({
      crn: CRN,
      managedBy: 'CRC07',
      revision: 3,
      items: [
        { kind: 'ESCALATION', claimedBy: actors.officer.id, open: true, awaiting: 'PUBLIC_SERVICE', clock },
        { itemId: 'ra-1', kind: 'RECALL_COUNTERSIGN', authoredBy: actors.officer.id, open: true, awaiting: 'PUBLIC_SERVICE', clock },
      ],
    });
    expect(seen).not.toHaveProperty('requests');
    expect(reads).toEqual([{ crn: CRN, actor: actors.officer, view: 'case', query: {}, from: '10.0.0.7', userAgent: 'case-page' }]);
    expect(await view(actors.auditor)).toEqual(seen);
  });

  it('shows the provider managing the case only what was disclosed to it, never claims or drafts, and records what it was shown', async () => {
    const seen = await view(actors.crc07);
    expect(seen).toMatchObject({
      crn: CRN,
      managedBy: 'CRC07',
      items: [{ kind: 'ESCALATION', open: true, decision: null }],
      recallAdvice: [],
    });
    expect(JSON.stringify(seen)).not.toContain(actors.officer.id);
    expect(reads).toEqual([
      expect.objectContaining({
        actor: actors.crc07,
        disclosed: [
          expect.objectContaining({ crn: CRN, type: 'case.allocated' }),
          expect.objectContaining({ type: 'escalation.recorded' }),
        ],
      }),
    ]);
  });

  it('answers 404, recording no read, for another provider’s case, a case the public service kept, or no case', async () => {
    await testbed.allocate('X100049', { sentence: ON_LICENCE, rosh: 'HIGH' });
    await expect(view(actors.crc11)).rejects.toBeInstanceOf(NotFoundException);
    await expect(view(actors.crc07, 'X100049')).rejects.toBeInstanceOf(NotFoundException);
    await expect(view(actors.officer, 'X999999')).rejects.toBeInstanceOf(NotFoundException);
    expect(reads).toEqual([]);
  });
});
