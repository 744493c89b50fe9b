/**
 * Case histories for benchmarks, produced by the real rules (decide and evolve), so stores and
 * read models see what the hub would write.
 */
import { Actor, CaseCommand, CaseEvent, CaseState, decide, DueTimePolicy, evolve } from '@escalation-hub/casework-domain';

const BENCH_ACTORS: Record<'officer' | 'provider' | 'scheduler', Actor> = {
  officer: { id: 'po.bench', role: 'decision-maker' },
  provider: { id: 'crc07-bench', role: 'provider', provider: 'CRC07' },
  scheduler: { id: 'hub-scheduler', role: 'admin' },
};

/** A case allocated to CRC07 by the bench's officer. */
function allocation(crn: string): CaseCommand {
  return {
    type: 'AllocateCase',
    crn,
    actor: BENCH_ACTORS.officer,
    payload: {
      ldu: 'LDU-MAN-N',
      provider: 'CRC07',
      sentence: { type: 'Licence', lengthMonths: 24, offenceCategory: 'VIOLENT' },
      rosh: 'MEDIUM',
      mappa: null,
      exceptionalPublicInterest: false,
    },
  };
}

/** Ten events of an ordinary case: allocation, two escalations, a breach pack, claims, decisions, lateness. */
export function ordinaryCase(index: number): { crn: string; events: CaseEvent[] } {
  const crn = `M${String(index).padStart(6, '0')}`;
  const { officer, provider, scheduler } = BENCH_ACTORS;
  const request = (requestId: string) => ({ requestId, requestFingerprint: requestId, raisedBy: 'Bench case manager' });
  const hours = [0, 1, 2, 3, 4, 5, 6, 10, 11, 12];
  const commands: CaseCommand[] = [
    allocation(crn),
    {
      type: 'RequestEscalation',
      crn,
      actor: provider,
      payload: {
        ...request(`${crn}-1`),
        escalationId: `esc-${crn}-1`,
        proposedRosh: 'HIGH',
        urgency: 'URGENT',
        triggers: ['VICTIM_CONCERN'],
        summary: 'Former partner reports him waiting outside her workplace.',
      },
    },
    { type: 'ClaimItem', crn, actor: officer, payload: { itemId: `esc-${crn}-1` } },
    {
      type: 'DecideEscalation',
      crn,
      actor: officer,
      payload: {
        escalationId: `esc-${crn}-1`,
        outcome: 'RETAIN_WITH_PROVIDER',
        rationale: 'Manageable with weekly reporting.',
        advice: 'Weekly reporting.',
        revisedRosh: null,
      },
    },
    {
      type: 'SubmitBreachPack',
      crn,
      actor: provider,
      payload: {
        ...request(`${crn}-2`),
        breachPackId: `bp-${crn}`,
        requirement: 'Unpaid work',
        failures: [{ date: '2026-10-01', description: 'Did not attend' }],
        warningsIssued: 1,
        providerRecommendation: 'WARNING',
        summary: 'Second absence.',
      },
    },
    {
      type: 'DecideBreachPack',
      crn,
      actor: officer,
      payload: { breachPackId: `bp-${crn}`, outcome: 'WARNING', rationale: 'First formal warning.' },
    },
    {
      type: 'RequestEscalation',
      crn,
      actor: provider,
      payload: {
        ...request(`${crn}-3`),
        escalationId: `esc-${crn}-3`,
        proposedRosh: 'HIGH',
        urgency: 'IMMEDIATE',
        triggers: ['THREAT_DISCLOSED'],
        summary: 'Threats at supervision.',
      },
    },
    { type: 'MarkItemOverdue', crn, actor: scheduler, payload: { itemId: `esc-${crn}-3` } },
    { type: 'ClaimItem', crn, actor: officer, payload: { itemId: `esc-${crn}-3` } },
    {
      type: 'DecideEscalation',
      crn,
      actor: officer,
      payload: {
        escalationId: `esc-${crn}-3`,
        outcome: 'MORE_INFORMATION_REQUIRED',
        rationale: 'Need police information.',
        advice: null,
        revisedRosh: null,
      },
    },
  ];
  return { crn, events: run(commands, (i) => Date.parse('2026-11-02T09:00:00Z') + hours[i] * 3_600_000) };
}

/** The events the commands give, one after the other, the i-th at time `at(i)`. */
export function run(commands: CaseCommand[], at: (index: number) => number): CaseEvent[] {
  const dueTimes = new DueTimePolicy();
  let state: CaseState | undefined;
  const events: CaseEvent[] = [];
  commands.forEach((command, index) => {
    for (const event of decide(state, command, { now: new Date(at(index)), dueTimes })) {
      state = evolve(state, event);
      events.push(event);
    }
  });
  return events;
}

/**
 * A case that has seen `items` escalations from its provider, every one but the last decided: a
 * long-running case at its full size, still open to new requests (issue 16's 1,000-item cases).
 */
export function largeCase(crn: string, items: number): CaseEvent[] {
  const { officer, provider } = BENCH_ACTORS;
  const commands: CaseCommand[] = [allocation(crn)];
  for (let item = 0; item < items; item += 1) {
    const escalationId = `esc-${crn}-${item}`;
    commands.push({
      type: 'RequestEscalation',
      crn,
      actor: provider,
      payload: {
        requestId: `${crn}-${item}`,
        requestFingerprint: `${crn}-${item}`,
        raisedBy: 'Bench case manager',
        escalationId,
        proposedRosh: 'HIGH',
        urgency: 'ROUTINE',
        triggers: ['MISSED_APPOINTMENTS'],
        summary: 'Missed an appointment.',
      },
    });
    if (item < items - 1) {
      commands.push({
        type: 'DecideEscalation',
        crn,
        actor: officer,
        payload: {
          escalationId,
          outcome: 'RETAIN_WITH_PROVIDER',
          rationale: 'Managed well by the provider.',
          advice: null,
          revisedRosh: null,
        },
      });
    }
  }
  const start = Date.parse('2026-01-05T09:00:00Z');
  return run(commands, (index) => start + index * 60_000);
}
