import type { CaseTimeline } from '@escalation-hub/audit-application';
import { replay } from '@escalation-hub/casework-domain';
import { caseAllocated, caseTransferredToNps, escalationRequested } from '@escalation-hub/casework-domain/testing';
import { timelineCsv, timelineHtml } from './timeline.renderers';

const timeline: CaseTimeline = {
  crn: 'X123456',
  state: undefined,
  entries: [
    {
      position: 7,
      revision: 2,
      type: 'escalation.decided',
      occurredAt: '2026-11-04T14:00:00.000Z',
      recordedAt: '2026-11-04T14:00:00.000Z',
      actor: { id: 'po.alice', role: 'decision-maker' },
      data: {
        escalationId: 'esc-1',
        outcome: 'RETAIN_WITH_PROVIDER',
        rationale: 'He said "no", then <script>x</script>',
        advice: null,
        revisedRosh: null,
        highRiskRetention: null,
        seenRevision: 1,
        dueAt: '2026-11-04T12:00:00.000Z',
        late: true,
      },
      hash: 'a'.repeat(64),
      previousHash: 'b'.repeat(64),
      lateness: {
        itemId: 'esc-1',
        openedAt: '2026-11-04T10:00:00.000Z',
        dueAt: '2026-11-04T12:00:00.000Z',
        decidedAt: '2026-11-04T14:00:00.000Z',
        tookMs: 4 * 3_600_000,
        late: true,
      },
      disclosedTo: 'CRC07',
    },
  ],
};

describe('timelineCsv', () => {
  it('writes a header and one quoted-as-needed row per event', () => {
    const [header, row, end] = timelineCsv(timeline).split('\r\n');
    expect(header.split(',')).toHaveLength(14);
    expect(row.endsWith(',CRC07')).toBe(true);
    expect(
      row.startsWith('7,2,escalation.decided,2026-11-04T14:00:00.000Z,2026-11-04T14:00:00.000Z,po.alice,decision-maker,,true,240,'),
    ).toBe(true);
    expect(row).toContain('""He said \\""no\\"", then <script>x</script>""');
    expect(end).toBe('');
  });
});

describe('timelineHtml', () => {
  it('escapes every value and marks late decisions', () => {
    const page = timelineHtml(timeline, { asOf: '2026-11-05T00:00:00Z' }, '2026-11-26T00:00:00Z', 'auditor.frank');
    expect(page).not.toContain('<script>x</script>');
    expect(page).toContain('&lt;script&gt;');
    expect(page).toContain('<tr class="late">');
    expect(page).toContain('LATE — took 4.0 h, due 4 November 2026, 12:00pm');
    expect(page).toContain('shared with CRC07');
    expect(page).toContain('as it stood at 5 November 2026, 12:00am London time (2026-11-05T00:00:00Z)');
    // When, in London as people read it, and the exact instant recorded beneath.
    expect(page).toContain('<td>4 November 2026, 2:00pm<br><small>2026-11-04T14:00:00.000Z</small></td>');
    expect(page).toContain('Generated 26 November 2026, 12:00am London time (2026-11-26T00:00:00Z) for auditor.frank');
    expect(page).toContain('The case did not exist at this point.');
  });

  it('says who managed the case from when, in London time', () => {
    const state = replay([
      caseAllocated({}, { at: new Date('2026-11-03T09:30:00Z') }),
      escalationRequested({}, { at: new Date('2026-11-04T10:00:00Z') }),
      caseTransferredToNps({}, { at: new Date('2026-11-04T14:00:00Z') }),
    ]);
    const page = timelineHtml({ ...timeline, state }, { revision: 2 }, '2026-11-26T00:00:00Z', 'auditor.frank');
    expect(page).toContain(
      '<dt>Managed by</dt><dd>CRC07 from 3 November 2026, 9:30am until 4 November 2026, 2:00pm; NPS from 4 November 2026, 2:00pm</dd>',
    );
    expect(page).toContain('Timeline up to revision 2');
  });
});
