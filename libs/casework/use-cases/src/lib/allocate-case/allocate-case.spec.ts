import 'reflect-metadata';
import {
  CaseAlreadyExistsError,
  MappaLevelNotAllowedError,
  PublicInterestReasonRequiredError,
  RoleNotAllowedError,
} from '@escalation-hub/casework-domain';
import type { Actor } from '@escalation-hub/casework-domain';
import { A_WORKING_MORNING, actors } from '@escalation-hub/casework-domain/testing';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { AllocateCaseCommand } from './allocate-case.command';
import { AllocateCaseHandler } from './allocate-case.handler';

const CRN = 'X100201';
const assessment: AllocateCaseCommand['assessment'] = {
  ldu: 'N07-LDU1',
  provider: 'CRC07',
  sentence: {
    type: 'Community Order',
    lengthMonths: 12,
    offenceCategory: 'VIOLENT',
    imposedOn: '2026-10-20',
    requirements: ['Unpaid work (120 hours)'],
  },
  rosh: 'MEDIUM',
  mappa: null,
  exceptionalPublicInterest: false,
};

describe('allocate-case', () => {
  let testbed: UseCaseTestbed;
  let handler: AllocateCaseHandler;
  const allocate = (actor: Actor, changes: Partial<AllocateCaseCommand['assessment']> = {}) =>
    handler.execute(new AllocateCaseCommand(CRN, actor, { ...assessment, ...changes }));

  beforeEach(() => {
    testbed = openUseCaseTestbed();
    handler = new AllocateCaseHandler(testbed.runner);
  });
  afterEach(() => testbed.close());

  it('records the assessment field by field, the sentence kind read from its words, and allocates it to the area’s provider', async () => {
    const answer = await allocate(actors.officer);
    expect(answer).toEqual({
      crn: CRN,
      allocatedTo: 'CRC07',
      reason: 'Allocated to CRC07: not MAPPA, risk of serious harm MEDIUM, no exceptional public interest',
      victimContactEligible: false,
      victimContactBasis: expect.stringContaining('A community order is not a sentence of imprisonment'),
      sentenceKind: 'COMMUNITY_ORDER',
      revision: 0,
    });
    expect(await testbed.eventsOf(CRN)).toEqual([
      {
        type: 'case.allocated',
        actor: actors.officer,
        occurredAt: A_WORKING_MORNING.toISOString(),
        data: {
          crn: CRN,
          ldu: 'N07-LDU1',
          provider: 'CRC07',
          sentence: { ...assessment.sentence, kind: 'COMMUNITY_ORDER', custodialTermMonths: null, licenceConditions: [] },
          rosh: 'MEDIUM',
          mappa: null,
          exceptionalPublicInterest: false,
          publicInterest: null,
          allocatedTo: 'CRC07',
          reason: answer.reason,
          victimContactEligible: false,
          victimContactBasis: answer.victimContactBasis,
        },
      },
    ]);
  });

  it('keeps a MAPPA case an ACO marks of exceptional public interest with the public service, giving every reason', async () => {
    const answer = await allocate(actors.aco, {
      sentence: { type: 'Determinate custody', lengthMonths: 36, custodialTermMonths: 18, offenceCategory: 'SEXUAL' },
      mappa: { category: 2, level: 2 },
      exceptionalPublicInterest: true,
      publicInterestReason: 'A very high profile case.',
    });
    expect(answer).toMatchObject({
      allocatedTo: 'NPS',
      reason: 'Retained by the public service: managed under MAPPA (category 2, level 2); exceptional public interest',
      victimContactEligible: true,
      victimContactBasis: expect.stringContaining('Imprisonment for 18 months (12 months or more) for a sexual offence'),
      sentenceKind: 'DETERMINATE_CUSTODY',
    });
    const [allocated] = await testbed.eventsOf(CRN);
    expect(allocated).toMatchObject({
      actor: actors.aco,
      data: {
        mappa: { category: 2, level: 2 },
        exceptionalPublicInterest: true,
        publicInterest: { reason: 'A very high profile case.', authorisedBy: actors.aco.id },
        sentence: { kind: 'DETERMINATE_CUSTODY', lengthMonths: 36, custodialTermMonths: 18, imposedOn: null },
      },
    });
  });

  it('refuses public interest without an ACO or a reason, MAPPA category 3 at level 1 and a second allocation, recording nothing', async () => {
    const exceptional = { exceptionalPublicInterest: true, publicInterestReason: 'A very high profile case.' };
    await expect(allocate(actors.officer, exceptional)).rejects.toBeInstanceOf(RoleNotAllowedError);
    await expect(allocate(actors.aco, { ...exceptional, publicInterestReason: '  ' })).rejects.toBeInstanceOf(
      PublicInterestReasonRequiredError,
    );
    await expect(allocate(actors.officer, { mappa: { category: 3, level: 1 } })).rejects.toBeInstanceOf(MappaLevelNotAllowedError);
    expect(await testbed.eventsOf(CRN)).toEqual([]);

    await allocate(actors.officer);
    await expect(allocate(actors.spo, { rosh: 'HIGH' })).rejects.toBeInstanceOf(CaseAlreadyExistsError);
    expect(await testbed.eventsOf(CRN)).toHaveLength(1);
  });
});
