import 'reflect-metadata';
import { RoleNotAllowedError, SentenceInconsistentError, SentenceKindUnknownError } from '@escalation-hub/casework-domain';
import type { SentenceInput } from '@escalation-hub/casework-domain';
import { actors } from '@escalation-hub/casework-domain/testing';
import { CloseCaseCommand } from '../close-case/close-case.command';
import { CloseCaseHandler } from '../close-case/close-case.handler';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { RecordSentenceCommand } from './record-sentence.command';
import { RecordSentenceHandler } from './record-sentence.handler';

const CRN = 'X100202';
const licence: SentenceInput = {
  type: 'Imprisonment',
  lengthMonths: 30,
  custodialTermMonths: 24,
  offenceCategory: 'VIOLENT',
  imposedOn: '2026-10-20',
  licenceConditions: ['Not to contact the victim'],
};

describe('record-sentence', () => {
  let testbed: UseCaseTestbed;
  let handler: RecordSentenceHandler;

  beforeEach(async () => {
    testbed = openUseCaseTestbed();
    handler = new RecordSentenceHandler(testbed.runner);
    await testbed.allocate(CRN);
  });
  afterEach(() => testbed.close());

  it('records the new sentence with victim contact decided again, then reassesses who manages the case', async () => {
    const answer = await handler.execute(new RecordSentenceCommand(CRN, actors.officer, licence));
    const reason = 'Stays with CRC07: not MAPPA, risk of serious harm MEDIUM, no exceptional public interest';
    expect(answer).toEqual({ crn: CRN, outcome: 'STAYS_WITH_PROVIDER', managedBy: 'CRC07', reason, revision: 2, created: true });
    const [, recorded, reassessed] = await testbed.eventsOf(CRN);
    expect(recorded).toEqual({
      type: 'sentence.recorded',
      actor: actors.officer,
      occurredAt: expect.any(String),
      data: {
        sentence: { ...licence, kind: 'DETERMINATE_CUSTODY', requirements: [] },
        victimContactEligible: true,
        victimContactBasis: expect.stringContaining('Imprisonment for 24 months (12 months or more) for a violent offence'),
      },
    });
    expect(reassessed).toMatchObject({
      type: 'case.reassessed',
      actor: actors.officer,
      data: { trigger: 'NEW_SENTENCE', outcome: 'STAYS_WITH_PROVIDER', managedBy: 'CRC07', fromProvider: null, reason },
    });
  });

  it('opens a closed case again, so that it can be closed anew', async () => {
    const closing = new CloseCaseHandler(testbed.runner);
    const close = () => closing.execute(new CloseCaseCommand(CRN, actors.officer, { reason: 'SENTENCE_ENDED', closedOn: '2026-11-03' }));
    await close();
    expect(await handler.execute(new RecordSentenceCommand(CRN, actors.spo, licence))).toMatchObject({ revision: 3 });
    expect(await close()).toMatchObject({ created: true });
    expect((await testbed.eventsOf(CRN)).map((event) => event.type)).toEqual([
      'case.allocated',
      'case.closed',
      'sentence.recorded',
      'case.reassessed',
      'case.closed',
    ]);
  });

  it('refuses a provider, a sentence whose words name no kind and one that contradicts its kind, recording nothing', async () => {
    await expect(handler.execute(new RecordSentenceCommand(CRN, actors.crc07, licence))).rejects.toBeInstanceOf(RoleNotAllowedError);
    await expect(
      handler.execute(new RecordSentenceCommand(CRN, actors.officer, { ...licence, type: 'A stern talking-to' })),
    ).rejects.toBeInstanceOf(SentenceKindUnknownError);
    await expect(
      handler.execute(new RecordSentenceCommand(CRN, actors.officer, { ...licence, requirements: ['Unpaid work (120 hours)'] })),
    ).rejects.toBeInstanceOf(SentenceInconsistentError);
    expect(await testbed.eventsOf(CRN)).toHaveLength(1);
  });
});
