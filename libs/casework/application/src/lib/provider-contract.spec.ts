import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CaseCommand,
  CaseEvent,
  decide,
  disclosuresOf,
  PROVIDER_EVENT_TYPES,
  ProviderEvent,
  replay,
} from '@escalation-hub/casework-domain';
import {
  actors,
  allocateCommand,
  ON_LICENCE,
  recordRecallStep,
  recordFailureToComply,
  recordWarning,
  waiveBreach,
  onCase,
  submitBreachPack,
  decideBreachPack,
  recordCourtStage,
  recordRiskInformation,
  acknowledgeRiskInformation,
  reviewRiskInformation,
  answerInformationRequest,
  contextAt,
  decideTransfer,
  requestInformation,
  requestTransfer,
} from '@escalation-hub/casework-domain/testing';
import { providerEventValidator } from '../testing';

const CRN = 'X123456';
const LATER = new Date('2026-12-01T00:00:00Z');

/** Three cases that between them disclose every kind of provider event, decided by the real rules. */
function everyKindOfProviderEvent(): ProviderEvent[] {
  const escalate = (escalationId: string): CaseCommand => ({
    type: 'RequestEscalation',
    crn: CRN,
    actor: actors.crc07,
    payload: {
      escalationId,
      requestId: escalationId,
      requestFingerprint: escalationId,
      raisedBy: 'Jo',
      proposedRosh: 'HIGH',
      urgency: 'URGENT',
      triggers: ['OTHER'],
      summary: 's',
    },
  });
  const steps: [CaseCommand, Date?][] = [
    [allocateCommand({ sentence: ON_LICENCE })],
    [escalate('esc-1')],
    [escalate('esc-2')],
    [requestInformation({ escalationId: 'esc-2' })],
    [answerInformationRequest({ escalationId: 'esc-2' })],
    [
      {
        type: 'SubmitBreachPack',
        crn: CRN,
        actor: actors.crc07,
        payload: {
          breachPackId: 'bp-1',
          requestId: 'bp-1',
          requestFingerprint: 'bp-1',
          requirement: 'UPW',
          failures: [{ date: '2026-10-01', description: 'Absent' }],
          warningsIssued: 1,
          providerRecommendation: 'RECALL',
          summary: 's',
        },
      },
    ],
    [{ type: 'DecideBreachPack', crn: CRN, actor: actors.officer, payload: { breachPackId: 'bp-1', outcome: 'RECALL', rationale: 'r' } }],
    [
      {
        type: 'DraftRecallAdvice',
        crn: CRN,
        actor: actors.officer,
        payload: {
          recallAdviceId: 'ra-1',
          recallType: 'STANDARD',
          emergency: true,
          rationale: 'r',
          basedOn: ['bp-1'],
          fixedTermExclusion: { reason: 'RISK_OF_SERIOUS_HARM', details: 'd' },
        },
      },
    ],
    [{ type: 'CountersignRecallAdvice', crn: CRN, actor: actors.spo, payload: { recallAdviceId: 'ra-1', rationale: 'ok' } }],
    [{ type: 'CountersignRecallAdvice', crn: CRN, actor: actors.aco, payload: { recallAdviceId: 'ra-1', rationale: 'ok' } }],
    [recordRecallStep({ recallAdviceId: 'ra-1' })],
    [recordRiskInformation({ riskInformationId: 'ri-1' }, actors.crc07)],
    [acknowledgeRiskInformation('ri-1', actors.crc07)],
    [reviewRiskInformation({ riskInformationId: 'ri-1' }, actors.crc07)],
    [
      {
        type: 'RecordSentence',
        crn: CRN,
        actor: actors.officer,
        payload: { sentence: { type: 'Suspended Sentence Order', lengthMonths: 18, offenceCategory: 'OTHER', requirements: ['Unpaid work'] } },
      },
    ],
    [{ type: 'MarkItemOverdue', crn: CRN, actor: actors.scheduler, payload: { itemId: 'esc-1' } }, LATER],
    [
      {
        type: 'DecideEscalation',
        crn: CRN,
        actor: actors.officer,
        payload: { escalationId: 'esc-1', outcome: 'RETAIN_WITH_PROVIDER', rationale: 'r', advice: 'a', revisedRosh: null },
      },
      LATER,
    ],
    [
      {
        type: 'DecideEscalation',
        crn: CRN,
        actor: actors.officer,
        payload: { escalationId: 'esc-2', outcome: 'TRANSFER_TO_NPS', rationale: 'r', advice: null, revisedRosh: 'HIGH' },
      },
      LATER,
    ],
  ];
  const events: CaseEvent[] = [];
  for (const [command, at] of steps) events.push(...decide(replay(events), command, contextAt(at)));
  // A second case, closed with the provider's escalation still open, after everything else recorded on it.
  const CLOSED_CRN = 'X654321';
  const closing: CaseCommand[] = [
    allocateCommand({}, CLOSED_CRN),
    { ...escalate('esc-9'), crn: CLOSED_CRN },
    {
      type: 'CloseCase',
      crn: CLOSED_CRN,
      actor: actors.officer,
      payload: { reason: 'SENTENCE_ENDED', details: null, closedOn: '2026-11-01' },
    },
  ];
  const closed: CaseEvent[] = [];
  for (const command of closing) closed.push(...decide(replay(closed), command, contextAt()));
  // A third case, managed by its provider, moved to another area: the provider it leaves is told (case.moved-area),
  // the provider it reaches meets it as allocated to it.
  const MOVED_CRN = 'X765432';
  const moving: CaseCommand[] = [
    allocateCommand({}, MOVED_CRN),
    { ...requestTransfer(), crn: MOVED_CRN },
    { ...decideTransfer(), crn: MOVED_CRN },
  ];
  const moved: CaseEvent[] = [];
  for (const command of moving) moved.push(...decide(replay(moved), command, contextAt()));
  // A fourth, an order: failures, a warning, breach proceedings due and waived, then a breach returned to court.
  const ORDER_CRN = 'X777001';
  const enforcing: CaseCommand[] = [
    allocateCommand({}, ORDER_CRN),
    onCase(ORDER_CRN, recordFailureToComply()),
    onCase(ORDER_CRN, recordWarning()),
    onCase(ORDER_CRN, recordFailureToComply({ failureId: 'fail-2', date: '2026-11-02' })),
    onCase(ORDER_CRN, waiveBreach()),
    onCase(ORDER_CRN, submitBreachPack({ breachPackId: 'bp-9', failureIds: ['fail-1', 'fail-2'] })),
    onCase(ORDER_CRN, decideBreachPack({ breachPackId: 'bp-9', outcome: 'RETURN_TO_COURT' })),
    onCase(ORDER_CRN, recordCourtStage({ breachPackId: 'bp-9' })),
  ];
  const enforced: CaseEvent[] = [];
  for (const command of enforcing) enforced.push(...decide(replay(enforced), command, contextAt()));
  return [events, closed, moved, enforced].flatMap((history) =>
    disclosuresOf(history.map((event) => ({ event, id: randomUUID() }))).map(({ event }) => event),
  );
}

describe('the provider contract', () => {
  const validate = providerEventValidator();
  const produced = everyKindOfProviderEvent();

  it('has a JSON Schema in docs/asyncapi.yaml that every provider event meets', () => {
    expect(new Set(produced.map((event) => event.type))).toEqual(new Set(PROVIDER_EVENT_TYPES));
    for (const event of produced) expect({ type: event.type, problems: validate(event) }).toEqual({ type: event.type, problems: [] });
  });

  it('refuses what the contract does not name', () => {
    const decided = produced.find((event) => event.type === 'escalation.decided') as ProviderEvent;
    expect(validate({ ...decided, data: { ...decided.data, decidedBy: 'po.alice' } })).toEqual([
      '/data must NOT have additional properties',
    ]);
    expect(validate({ ...decided, position: 42 })).not.toEqual([]);
    expect(validate({ ...decided, type: 'recall-advice.drafted' })).not.toEqual([]);
  });

  it('is described field by field in docs/event-catalogue.md', () => {
    const catalogue = readFileSync(join(__dirname, '../../../../../docs/event-catalogue.md'), 'utf8');
    const section = catalogue.split(/^## Provider events/m)[1] ?? '';
    const documented = new Map(
      section
        .split(/^### /m)
        .slice(1)
        .map((part) => [/^`([^`]+)`/.exec(part)?.[1], [...part.matchAll(/^- `([A-Za-z]+)` — /gm)].map((match) => match[1]).sort()]),
    );
    expect([...documented.keys()].sort()).toEqual([...PROVIDER_EVENT_TYPES].sort());
    for (const event of produced) {
      expect({ type: event.type, fields: Object.keys(event.data).sort() }).toEqual({
        type: event.type,
        fields: documented.get(event.type),
      });
    }
  });
});
