import type { CaseTimeline, DisclosureEntry, LateItem, TimelineEntry } from '@escalation-hub/audit-application';

const CSV_COLUMNS = [
  'position',
  'revision',
  'type',
  'occurredAt',
  'recordedAt',
  'actorId',
  'actorRole',
  'actorProvider',
  'late',
  'tookMinutes',
  'hash',
  'previousHash',
  'data',
  'disclosedTo',
];

function csvCell(value: unknown): string {
  const text = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per event, the same content as the JSON timeline; `data` as JSON in its own column. */
export function timelineCsv(timeline: CaseTimeline): string {
  const rows = timeline.entries.map((entry) =>
    [
      entry.position,
      entry.revision,
      entry.type,
      entry.occurredAt,
      entry.recordedAt,
      entry.actor.id,
      entry.actor.role,
      entry.actor.provider,
      entry.lateness ? entry.lateness.late : '',
      entry.lateness ? Math.round(entry.lateness.tookMs / 60_000) : '',
      entry.hash,
      entry.previousHash,
      entry.data,
      entry.disclosedTo,
    ]
      .map(csvCell)
      .join(','),
  );
  return `${CSV_COLUMNS.join(',')}\r\n${rows.map((row) => `${row}\r\n`).join('')}`;
}

function escapeHtml(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 1);
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function describeLateness(entry: TimelineEntry): string {
  const unseen = entry.unseen
    ? ` Decided on revision ${entry.unseen.seenRevision}${
        entry.unseen.events.length > 0
          ? `; not seen: ${entry.unseen.events.map((event) => `${event.revision} ${event.type}`).join(', ')}`
          : ', the case as it stood'
      }.`
    : '';
  if (!entry.lateness) return unseen.trim();
  const hours = (entry.lateness.tookMs / 3_600_000).toFixed(1);
  return (entry.lateness.late ? `LATE — took ${hours} h, due ${entry.lateness.dueAt}` : `on time — took ${hours} h`) + unseen;
}

/** A readable, printable report: the case as it stood on top, then every event; late decisions stand out. */
export function timelineHtml(
  timeline: CaseTimeline,
  cut: { asOf?: string; revision?: number },
  generatedAt: string,
  generatedBy: string,
): string {
  const state = timeline.state;
  const summary = state
    ? `<dl>
  <dt>Managed by</dt><dd>${state.managementPeriods.map((period) => `${escapeHtml(period.managedBy)} from ${escapeHtml(period.from)}${period.until ? ` until ${escapeHtml(period.until)}` : ''}`).join('; ')}</dd>
  <dt>Provider for the area</dt><dd>${escapeHtml(state.provider)} (${escapeHtml(state.ldu)})</dd>
  <dt>Allocation</dt><dd>${escapeHtml(state.allocation.reason)}</dd>
  <dt>Risk of serious harm</dt><dd>${escapeHtml(state.rosh)}</dd>
  <dt>MAPPA</dt><dd>${state.mappa ? `category ${state.mappa.category}, level ${state.mappa.level}` : 'none'}</dd>
  <dt>Sentence</dt><dd>${escapeHtml(state.sentence.type)} (${escapeHtml(state.sentence.kind)}), ${state.sentence.lengthMonths} months</dd>
  <dt>Victim contact</dt><dd>${state.victimContactEligible ? 'eligible' : 'not eligible'}: ${escapeHtml(state.victimContactBasis)}</dd>
  <dt>Open items</dt><dd>${Object.values(state.items).filter((item) => (item.kind === 'RECALL_COUNTERSIGN' ? !item.issuedAt : !item.decision)).length}</dd>
</dl>`
    : '<p>The case did not exist at this point.</p>';
  const rows = timeline.entries
    .map(
      (entry) => `<tr class="${entry.lateness?.late ? 'late' : ''}">
  <td>${entry.revision}</td><td>${escapeHtml(entry.occurredAt)}</td><td>${escapeHtml(entry.type)}${entry.disclosedTo ? `<br><small>shared with ${escapeHtml(entry.disclosedTo)}</small>` : ''}</td>
  <td>${escapeHtml(entry.actor.id)}<br><small>${escapeHtml(entry.actor.role)}${entry.actor.provider ? ` · ${escapeHtml(entry.actor.provider)}` : ''}</small></td>
  <td><pre>${escapeHtml(entry.data)}</pre></td><td>${escapeHtml(describeLateness(entry))}</td>
  <td><code>${entry.hash.slice(0, 16)}…</code></td>
</tr>`,
    )
    .join('\n');
  const scope = cut.asOf
    ? `as it stood at ${escapeHtml(cut.asOf)}`
    : cut.revision !== undefined
      ? `up to revision ${cut.revision}`
      : 'complete';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Case ${escapeHtml(timeline.crn)}: timeline</title>
<style>
body{font-family:Arial,sans-serif;margin:2em;color:#0b0c0c}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #b1b4b6;padding:.4em;vertical-align:top;text-align:left;font-size:.9em}
pre{white-space:pre-wrap;margin:0;font-size:.85em}tr.late td{background:#fbe4e4}tr.late td:nth-child(6){color:#d4351c;font-weight:bold}
dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:bold}
@media print{tr{page-break-inside:avoid}}
</style></head>
<body>
<h1>Case ${escapeHtml(timeline.crn)}</h1>
<p>Timeline ${scope}: ${timeline.entries.length} events. Generated ${escapeHtml(generatedAt)} for ${escapeHtml(generatedBy)}; this reading is recorded in the case's access log.</p>
${summary}
<h2>Timeline</h2>
<table><thead><tr><th>Rev.</th><th>When</th><th>What</th><th>Who</th><th>Details</th><th>Lateness</th><th>Hash</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}

const LATE_ITEM_COLUMNS: (keyof LateItem)[] = [
  'itemId',
  'kind',
  'crn',
  'openedAt',
  'dueAt',
  'status',
  'decidedAt',
  'decidedBy',
  'heldBy',
  'lateByMinutes',
];

/** The late-decisions report as CSV, one row per item. */
export function lateItemsCsv(items: readonly LateItem[]): string {
  const rows = items.map((item) => LATE_ITEM_COLUMNS.map((column) => csvCell(item[column])).join(','));
  return `${LATE_ITEM_COLUMNS.join(',')}\r\n${rows.map((row) => `${row}\r\n`).join('')}`;
}

const DISCLOSURE_COLUMNS = [
  'at',
  'provider',
  'channel',
  'actorId',
  'from',
  'crns',
  'eventCount',
  'events',
  'detail',
  'stream',
  'revision',
  'position',
  'hash',
];

/** One row per disclosure; the events it carried as `type crn id` lines in one cell. */
export function disclosuresCsv(entries: readonly DisclosureEntry[]): string {
  const rows = entries.map((entry) =>
    [
      entry.at,
      entry.provider,
      entry.channel,
      entry.actor.id,
      entry.from,
      entry.crns.join(' '),
      entry.events.length,
      entry.events.map((event) => `${event.type} ${event.crn} ${event.id}`).join('\n'),
      entry.detail,
      entry.record.stream,
      entry.record.revision,
      entry.record.position,
      entry.record.hash,
    ]
      .map(csvCell)
      .join(','),
  );
  return `${DISCLOSURE_COLUMNS.join(',')}\r\n${rows.map((row) => `${row}\r\n`).join('')}`;
}
