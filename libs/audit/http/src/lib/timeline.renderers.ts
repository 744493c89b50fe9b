import { existsSync } from 'node:fs';
import { join } from 'node:path';
import nunjucks from 'nunjucks';
import type { CaseTimeline, DisclosureEntry, LateItem, TimelineEntry } from '@escalation-hub/audit-application';
import { dateTimeText } from '@escalation-hub/casework-domain';

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

/**
 * Where the audit views are: beside the bundle (each app's build copies libs/audit/http/src/views to
 * dist/apps/<app>/audit-views) or, run from source as under jest, in libs/audit/http/src/views.
 */
function auditViewsFolder(): string {
  const candidates = [join(__dirname, 'audit-views'), join(__dirname, '..', 'views')];
  const found = candidates.find((folder) => existsSync(join(folder, 'timeline.njk')));
  // A missing view would fail every export: refuse to start instead.
  if (!found) throw new Error(`The audit views are missing: looked for timeline.njk in ${candidates.join(' and ')}`);
  return found;
}

const views = new nunjucks.Environment(new nunjucks.FileSystemLoader(auditViewsFolder()), { autoescape: true, throwOnUndefined: true });

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
  return (entry.lateness.late ? `LATE — took ${hours} h, due ${dateTimeText(entry.lateness.dueAt)}` : `on time — took ${hours} h`) + unseen;
}

/** The case as it stood, in words, for the top of the printable timeline. */
function stateSummary(state: NonNullable<CaseTimeline['state']>) {
  return {
    managedBy: state.managementPeriods
      .map((period) => `${period.managedBy} from ${dateTimeText(period.from)}${period.until ? ` until ${dateTimeText(period.until)}` : ''}`)
      .join('; '),
    provider: state.provider,
    ldu: state.ldu,
    allocation: state.allocation.reason,
    rosh: state.rosh,
    mappa: state.mappa ? `category ${state.mappa.category}, level ${state.mappa.level}` : 'none',
    sentence: `${state.sentence.type} (${state.sentence.kind}), ${state.sentence.lengthMonths} months`,
    victimContact: `${state.victimContactEligible ? 'eligible' : 'not eligible'}: ${state.victimContactBasis}`,
    openItems: Object.values(state.items).filter((item) => (item.kind === 'RECALL_COUNTERSIGN' ? !item.issuedAt : !item.decision)).length,
  };
}

/**
 * A readable, printable report (views/timeline.njk): the case as it stood on top, then every event;
 * late decisions stand out. Every value is escaped by the template.
 */
export function timelineHtml(
  timeline: CaseTimeline,
  cut: { asOf?: string; revision?: number },
  generatedAt: string,
  generatedBy: string,
): string {
  const scope = cut.asOf
    ? `as it stood at ${dateTimeText(cut.asOf)} London time (${cut.asOf})`
    : cut.revision !== undefined
      ? `up to revision ${cut.revision}`
      : 'complete';
  return views.render('timeline.njk', {
    crn: timeline.crn,
    scope,
    generatedAt,
    generatedAtText: dateTimeText(generatedAt),
    generatedBy,
    state: timeline.state ? stateSummary(timeline.state) : null,
    entries: timeline.entries.map((entry) => ({
      late: entry.lateness?.late === true,
      revision: entry.revision,
      occurredAt: entry.occurredAt,
      occurredAtText: dateTimeText(entry.occurredAt),
      type: entry.type,
      disclosedTo: entry.disclosedTo ?? null,
      actorId: entry.actor.id,
      actorRole: entry.actor.role,
      actorProvider: entry.actor.provider ?? null,
      data: typeof entry.data === 'string' ? entry.data : JSON.stringify(entry.data, null, 1),
      lateness: describeLateness(entry),
      hash: entry.hash.slice(0, 16),
    })),
  });
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
  'awaitedFrom',
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
