import { dateTimeText, describeEvent, spanText, timeLeftText } from './wording';

describe('wording', () => {
  it('writes London dates and times the GOV.UK way, noon and midnight included', () => {
    expect(dateTimeText('2026-11-26T14:05:00Z')).toBe('26 November 2026, 2:05pm');
    expect(dateTimeText('2026-11-26T12:00:00Z')).toBe('26 November 2026, 12:00pm');
    expect(dateTimeText('2026-11-26T00:30:00Z')).toBe('26 November 2026, 12:30am');
    expect(dateTimeText('2026-07-01T08:05:00Z')).toBe('1 July 2026, 9:05am');
  });

  it('says how long is left, or how late, in the largest whole unit', () => {
    const now = new Date('2026-11-26T12:00:00Z');
    expect(timeLeftText(new Date('2026-11-26T15:30:00Z'), now)).toBe('Due in 3 hours');
    expect(timeLeftText(new Date('2026-11-26T12:00:20Z'), now)).toBe('Due in 1 minute');
    expect(timeLeftText(new Date('2026-11-24T11:00:00Z'), now)).toBe('Overdue by 2 days');
    expect(spanText(47 * 3_600_000)).toBe('47 hours');
    expect(spanText(2_000 * 86_400_000)).toBe('2,000 days');
  });

  it('describes events in plain words', () => {
    const requested = {
      type: 'escalation.requested',
      data: {
        escalationId: 'esc-1',
        requestId: 'r-1',
        requestFingerprint: 'f',
        raisedBy: 'Jo Bloggs',
        proposedRosh: 'VERY_HIGH',
        urgency: 'IMMEDIATE',
        triggers: ['VICTIM_CONCERN'],
        summary: 'Victim reports contact',
        dueAt: '2026-11-26T14:00:00Z',
        providerKnewAt: null,
      },
    } as const;
    expect(describeEvent({ ...requested, data: { ...requested.data, triggers: [...requested.data.triggers] } })).toBe(
      'Immediate risk escalation (esc-1) raised by Jo Bloggs, proposing Very high RoSH: Victim reports contact',
    );
    expect(
      describeEvent({
        type: 'escalation.decided',
        data: {
          escalationId: 'esc-1',
          outcome: 'TRANSFER_TO_NPS',
          rationale: 'Risk rising',
          advice: null,
          revisedRosh: 'HIGH',
          highRiskRetention: null,
          seenRevision: null,
          dueAt: '',
          late: false,
        },
      }),
    ).toBe('Escalation esc-1 decided: transfer to the public service, RoSH revised to High. Rationale: Risk rising');
  });
});
