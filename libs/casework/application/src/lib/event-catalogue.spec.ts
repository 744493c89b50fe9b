import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASE_EVENT_TYPES, CaseCommand, CaseEvent, caseEventSchemaDocument } from '@escalation-hub/casework-domain';
import {
  actors,
  allocateCommand,
  answerInformationRequest,
  at,
  decideTransfer,
  history,
  onCase,
  recordRiskInformation,
  recordRoshReview,
  requestInformation,
  requestTransfer,
  reviewRiskInformation,
  ON_LICENCE,
  referToIntervention,
  decideBreachPack,
  recordCourtStage,
  recordFailureToComply,
  recordWarning,
  submitBreachPack,
  waiveBreach,
  draftRecallAdvice,
  recordRecallStep,
  returnRecallAdvice,
  reviseRecallAdvice,
  withdrawRecallAdvice,
} from '@escalation-hub/casework-domain/testing';

const CATALOGUE = join(__dirname, '../../../../../docs/event-catalogue.md');

/** Each `## \`type\`` section of the catalogue (case events), with the field names it lists. */
function documentedEvents(): Map<string, string[]> {
  const sections = readFileSync(CATALOGUE, 'utf8')
    .split(/^## /m)
    .slice(1)
    .filter((section) => section.startsWith('`'));
  return new Map(
    sections.map((section) => {
      const type = /^`([^`]+)`/.exec(section)?.[1] ?? section.split('\n')[0];
      const fields = [...section.matchAll(/^- `([A-Za-z]+)` — /gm)].map((match) => match[1]);
      return [type, fields];
    }),
  );
}

/** A case that meets every event type, produced by the real decider. */
function everyKindOfEvent(): CaseEvent[] {
  const crn = 'X123456';
  const commands: CaseCommand[] = [
    allocateCommand({ sentence: ON_LICENCE }),
    {
      type: 'RequestEscalation',
      crn,
      actor: actors.crc07,
      payload: {
        escalationId: 'esc-1',
        requestId: 'r1',
        requestFingerprint: 'f1',
        raisedBy: 'Jo',
        proposedRosh: 'HIGH',
        urgency: 'IMMEDIATE',
        triggers: ['OTHER'],
        summary: 's',
      },
    },
    {
      type: 'SubmitBreachPack',
      crn,
      actor: actors.crc07,
      payload: {
        breachPackId: 'bp-1',
        requestId: 'r2',
        requestFingerprint: 'f2',
        requirement: 'UPW',
        failures: [],
        warningsIssued: 0,
        providerRecommendation: 'RECALL',
        summary: 's',
      },
    },
    { type: 'ClaimItem', crn, actor: actors.officer, payload: { itemId: 'bp-1' } },
    { type: 'ReleaseItem', crn, actor: actors.officer, payload: { itemId: 'bp-1' } },
    { type: 'ClaimItem', crn, actor: actors.officer, payload: { itemId: 'esc-1' } },
    onCase(crn, requestInformation({ seenRevision: 3 })),
    onCase(crn, answerInformationRequest()),
    { type: 'DecideBreachPack', crn, actor: actors.officer, payload: { breachPackId: 'bp-1', outcome: 'RECALL', rationale: 'r' } },
    {
      type: 'DraftRecallAdvice',
      crn,
      actor: actors.officer,
      payload: {
        recallAdviceId: 'ra-1',
        recallType: 'STANDARD',
        emergency: true,
        rationale: 'r',
        basedOn: ['bp-1'],
        fixedTermExclusion: { reason: 'OTHER', details: 'd' },
      },
    },
    { type: 'CountersignRecallAdvice', crn, actor: actors.spo, payload: { recallAdviceId: 'ra-1', rationale: 'ok' } },
    { type: 'CountersignRecallAdvice', crn, actor: actors.aco, payload: { recallAdviceId: 'ra-1', rationale: 'ok' } },
    onCase(crn, recordRecallStep({ recallAdviceId: 'ra-1' })),
    onCase(crn, draftRecallAdvice({ recallAdviceId: 'ra-2', basedOn: [] })),
    onCase(crn, returnRecallAdvice({ recallAdviceId: 'ra-2' })),
    onCase(crn, reviseRecallAdvice({ recallAdviceId: 'ra-2' })),
    onCase(crn, withdrawRecallAdvice({ recallAdviceId: 'ra-2' })),
    {
      type: 'DecideEscalation',
      crn,
      actor: actors.officer,
      payload: { escalationId: 'esc-1', outcome: 'TRANSFER_TO_NPS', rationale: 'r', advice: null, revisedRosh: null },
    },
    {
      type: 'RecordRoshReview',
      crn,
      actor: actors.officer,
      payload: { level: 'MEDIUM', assessor: 'po.alice', assessedOn: '2026-11-03', assessmentReference: 'OASYS-1' },
    },
    { type: 'RecordMappaChange', crn, actor: actors.officer, payload: { mappa: { category: 3, level: 2 } } },
    { type: 'RecordSentence', crn, actor: actors.officer, payload: { sentence: { type: 'Licence', lengthMonths: 24, offenceCategory: 'VIOLENT' } } },
    { type: 'RecordPublicInterest', crn, actor: actors.aco, payload: { reason: 'Very high profile' } },
  ];
  const overdue = history(
    allocateCommand(),
    commands[1],
    at(new Date('2026-12-01T00:00:00Z'), { type: 'MarkItemOverdue', crn, actor: actors.scheduler, payload: { itemId: 'esc-1' } }),
  ).filter((event) => event.type === 'item.became-overdue');
  expect(overdue).toHaveLength(1);
  const lapsed = history(
    allocateCommand(),
    commands[1],
    { type: 'ClaimItem', crn, actor: actors.officer, payload: { itemId: 'esc-1' } },
    at(new Date('2026-12-01T00:00:00Z'), { type: 'ExpireClaim', crn, actor: actors.scheduler, payload: { itemId: 'esc-1', expiresAfterSeconds: 3600 } }),
  ).filter((event) => event.type === 'item.claim-expired');
  expect(lapsed).toHaveLength(1);
  // Closing a case with a provider's escalation still open: the item is withdrawn, then the case closes.
  const closed = history(
    allocateCommand(),
    commands[1],
    { type: 'CloseCase', crn, actor: actors.officer, payload: { reason: 'SENTENCE_ENDED', details: null, closedOn: '2026-11-01' } },
  ).filter((event) => event.type === 'item.withdrawn' || event.type === 'case.closed');
  expect(closed.map((event) => event.type)).toEqual(['item.withdrawn', 'case.closed']);
  // Moving the case to another area: asked, then accepted by the receiving area, which moves it.
  const moved = history(
    allocateCommand(),
    onCase(crn, requestTransfer({ transferId: 'tr-1', toLdu: 'LDU-LDS-S', toProvider: 'CRC11', reason: 'Moved.' })),
    onCase(crn, decideTransfer({ transferId: 'tr-1', outcome: 'ACCEPTED', rationale: 'Yes.' })),
  ).filter((event) => event.type === 'transfer.requested' || event.type === 'transfer.decided' || event.type === 'case.moved-area');
  expect(moved.map((event) => event.type)).toEqual(['transfer.requested', 'transfer.decided', 'case.moved-area']);
  // A case referred to a provider's intervention; information a provider held handed over when the case moves.
  const referred = history(allocateCommand({ rosh: 'HIGH' }, crn), onCase(crn, referToIntervention())).filter(
    (event) => event.type === 'intervention.referred',
  );
  const handedOver = history(allocateCommand({}, crn), onCase(crn, recordRiskInformation()), onCase(crn, recordRoshReview({ level: 'HIGH' }))).filter(
    (event) => event.type === 'risk-information.handed-over',
  );
  expect(referred.length + handedOver.length).toBe(2);
  // Information bearing on risk, on a case the public service manages (HIGH RoSH): recorded, then reviewed.
  const riskInformation = history(
    allocateCommand({ rosh: 'HIGH' }, crn),
    onCase(crn, recordRiskInformation({ riskInformationId: 'ri-1' })),
    onCase(crn, reviewRiskInformation({ riskInformationId: 'ri-1', seenRevision: 1 })),
  ).filter((event) => event.type.startsWith('risk-information.'));
  expect(riskInformation.map((event) => event.type)).toEqual([
    'risk-information.recorded',
    'risk-information.acknowledged',
    'risk-information.reviewed',
  ]);
  // Enforcement of an order: a failure, a warning, a second failure (breach due), a pack citing them (due met); a
  // second case where it is waived; the breach returned to court and its stages; on a licence, recall advice due.
  const enforced = history(
    allocateCommand({}, crn),
    onCase(crn, recordFailureToComply()),
    onCase(crn, recordWarning()),
    onCase(crn, recordFailureToComply({ failureId: 'fail-2', date: '2026-11-02' })),
    onCase(crn, submitBreachPack({ failureIds: ['fail-1', 'fail-2'] })),
    onCase(crn, decideBreachPack({ outcome: 'RETURN_TO_COURT' })),
    onCase(crn, recordCourtStage()),
  );
  const waived = history(
    allocateCommand({}, crn),
    onCase(crn, recordFailureToComply()),
    onCase(crn, recordWarning()),
    onCase(crn, recordFailureToComply({ failureId: 'fail-2', date: '2026-11-02' })),
    onCase(crn, waiveBreach()),
  ).filter((event) => event.type === 'breach.waived');
  const recallDue = history(
    allocateCommand({ sentence: ON_LICENCE }, crn),
    onCase(crn, submitBreachPack()),
    onCase(crn, decideBreachPack({ outcome: 'RECALL' })),
  ).filter((event) => event.type === 'recall-advice.due');
  expect(waived.length + recallDue.length).toBe(2);
  // A question left unanswered when the case moves to the public service lapses.
  const questionLapsed = history(
    allocateCommand(),
    commands[1],
    onCase(crn, requestInformation()),
    onCase(crn, recordRoshReview({ level: 'HIGH' })),
  ).filter((event) => event.type === 'escalation.information-withdrawn');
  expect(questionLapsed).toHaveLength(1);
  return [
    ...history(...commands),
    ...overdue,
    ...lapsed,
    ...closed,
    ...moved,
    ...riskInformation,
    ...questionLapsed,
    ...enforced,
    ...waived,
    ...recallDue,
    ...referred,
    ...handedOver,
  ];
}

describe('docs/case-event-schemas.json', () => {
  it('is the schemas the hub checks events against (tools/fixtures/write-event-schemas.ts writes it)', () => {
    const published = JSON.parse(readFileSync(join(__dirname, '../../../../../docs/case-event-schemas.json'), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(caseEventSchemaDocument())));
  });
});

describe('docs/event-catalogue.md', () => {
  it('describes every event type, and nothing else', () => {
    expect([...documentedEvents().keys()].sort()).toEqual([...CASE_EVENT_TYPES].sort());
  });

  it('lists exactly the fields each event carries', () => {
    const produced = everyKindOfEvent();
    expect(new Set(produced.map((event) => event.type))).toEqual(new Set(CASE_EVENT_TYPES));
    const documented = documentedEvents();
    for (const event of produced) {
      expect({ type: event.type, fields: Object.keys(event.data).sort() }).toEqual({
        type: event.type,
        fields: [...(documented.get(event.type) ?? [])].sort(),
      });
    }
  });
});
