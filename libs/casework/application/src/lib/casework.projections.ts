import type { RecordedEvent, SqlProjection } from '@escalation-hub/event-store';
import type { SqlExecutor } from '@escalation-hub/sql';
import {
  CaseEvent,
  CaseHead,
  CaseItem,
  CaseState,
  disclosureOf,
  evolveInParts,
  evolveSeam,
  isOpen,
  awaitsProvider,
  pendingInformationRequest,
  pendingReturn,
  itemIdOf,
  SeamState,
  seamEntriesOf,
} from '@escalation-hub/casework-domain';
import { isCaseStream, toCaseEvent } from './case-event.mapper';
import { CASEWORK_READ_MODELS } from './read-model-names';

/**
 * The casework read models, each a projection of the case streams into the read-model database
 * (read-models.sqlite, or PostgreSQL).
 * Rebuildable at any time: bump a version to rebuild it at the next start.
 */

function caseEventOf(event: RecordedEvent): CaseEvent | undefined {
  return isCaseStream(event.streamName) ? toCaseEvent(event) : undefined;
}

/**
 * What only ever grows in a case's head: the failures to comply and warnings its providers record,
 * and the public service's intervention referrals. The read models keep them as rows, one per event,
 * so the head row that every event rewrites stays the same size however long the case runs. (The
 * sentence history and the management periods grow only with a new sentence or a transfer.)
 */
type RecordList = 'failure' | 'warning' | 'intervention';
interface CaseRecord {
  readonly list: RecordList;
  readonly entry: unknown;
}

/** The head without its growing lists, as the read models store it. */
function headWithoutRecords(head: CaseHead): CaseHead {
  return { ...head, interventions: [], compliance: { failures: [], warnings: [] } };
}

/** The entries of the growing lists in a head, oldest first within each list. */
function recordsOf(head: CaseHead): CaseRecord[] {
  return [
    ...head.compliance.failures.map((entry) => ({ list: 'failure' as const, entry })),
    ...head.compliance.warnings.map((entry) => ({ list: 'warning' as const, entry })),
    ...head.interventions.map((entry) => ({ list: 'intervention' as const, entry })),
  ];
}

/** A stored head with its record rows put back, in the order the events added them. */
export function headWithRecords(head: CaseHead, records: readonly CaseRecord[]): CaseHead {
  const entries = <T>(list: RecordList) => records.filter((record) => record.list === list).map((record) => record.entry as T);
  return {
    ...head,
    interventions: entries<CaseHead['interventions'][number]>('intervention'),
    compliance: {
      failures: entries<CaseHead['compliance']['failures'][number]>('failure'),
      warnings: entries<CaseHead['compliance']['warnings'][number]>('warning'),
    },
  };
}

/**
 * The case as it stands: a head row, a row per item, a row per remembered request (a provider's, or a RoSH
 * review's assessment: the last one wins, as in the write side's fold), a row per failure,
 * warning or referral. Items double as the index from item ids to cases.
 */
export const caseViewProjection: SqlProjection = {
  name: CASEWORK_READ_MODELS.caseView,
  // 4: items and requests as rows, no longer inside one JSON state per case.
  // 5: heads carry the sentence by kind and the basis of victim contact (case.allocated v2): rebuilt from the events.
  // 6: escalations carry the questions put to the provider and when it first knew (an item stored by 5 has neither);
  //    a request is remembered by provider and requestId (request_id holds requestKeyOf).
  // 7: recall advice carries its returns, what followed its issue and why it is not fixed-term (an item stored by 6 has none).
  // 8: failures to comply, warnings and intervention referrals as rows (case_view_records), out of the head.
  // 9: each RoSH review's assessment remembered among the requests (assessmentKeyOf), as the write side does.
  // 10: heads carry the last exceptional public interest (publicInterest): rebuilt from the events.
  version: 10,
  async setUp(sql) {
    await sql.exec(`
      CREATE TABLE IF NOT EXISTS case_view (
        crn TEXT PRIMARY KEY, provider TEXT NOT NULL, managed_by TEXT NOT NULL, ldu TEXT NOT NULL,
        head TEXT NOT NULL, revision INTEGER NOT NULL, updated_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS case_view_items (
        crn TEXT NOT NULL, item_id TEXT NOT NULL, kind TEXT NOT NULL, opened_position BIGINT NOT NULL, item TEXT NOT NULL,
        PRIMARY KEY (crn, item_id));
      CREATE INDEX IF NOT EXISTS case_view_items_by_id ON case_view_items (item_id, opened_position);
      CREATE INDEX IF NOT EXISTS case_view_items_in_order ON case_view_items (crn, opened_position);
      CREATE TABLE IF NOT EXISTS case_view_requests (
        crn TEXT NOT NULL, request_id TEXT NOT NULL, item_id TEXT NOT NULL, fingerprint TEXT NOT NULL, position BIGINT NOT NULL,
        PRIMARY KEY (crn, request_id));
      CREATE TABLE IF NOT EXISTS case_view_records (
        crn TEXT NOT NULL, position BIGINT NOT NULL, seq INTEGER NOT NULL, list TEXT NOT NULL, entry TEXT NOT NULL,
        PRIMARY KEY (crn, position, seq));`);
  },
  async reset(sql) {
    // case_items and a JSON state per case belonged to version 3; provider_requests to version 1.
    await sql.exec(`
      DROP TABLE IF EXISTS case_view; DROP TABLE IF EXISTS case_items; DROP TABLE IF EXISTS provider_requests;
      DROP TABLE IF EXISTS case_view_items; DROP TABLE IF EXISTS case_view_requests; DROP TABLE IF EXISTS case_view_records;`);
  },
  async apply(sql, recorded) {
    const event = caseEventOf(recorded);
    if (!event) return;
    const crn = recorded.streamName.slice('case-'.length);
    const headRow = await sql.get<{ head: string }>('SELECT head FROM case_view WHERE crn = ?', [crn]);
    const itemId = itemIdOf(event);
    const itemRow = itemId
      ? await sql.get<{ item: string }>('SELECT item FROM case_view_items WHERE crn = ? AND item_id = ?', [crn, itemId])
      : undefined;
    // The stored head has no records, so whatever the event adds to its lists is exactly what the lists hold after it.
    const next = evolveInParts(headRow && (JSON.parse(headRow.head) as CaseHead), itemRow && (JSON.parse(itemRow.item) as CaseItem), event);
    await sql.run(
      `INSERT INTO case_view (crn, provider, managed_by, ldu, head, revision, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (crn) DO UPDATE SET managed_by = excluded.managed_by, head = excluded.head, revision = excluded.revision,
         updated_at = excluded.updated_at`,
      [
        crn,
        next.head.provider,
        next.head.managedBy,
        next.head.ldu,
        JSON.stringify(headWithoutRecords(next.head)),
        recorded.streamVersion,
        event.occurredAt,
      ],
    );
    for (const [seq, record] of recordsOf(next.head).entries()) {
      await sql.run(
        `INSERT INTO case_view_records (crn, position, seq, list, entry) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (crn, position, seq) DO NOTHING`,
        [crn, recorded.position, seq, record.list, JSON.stringify(record.entry)],
      );
    }
    if (next.item) {
      await sql.run(
        `INSERT INTO case_view_items (crn, item_id, kind, opened_position, item) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (crn, item_id) DO UPDATE SET item = excluded.item`,
        [crn, next.item.itemId, next.item.kind, recorded.position, JSON.stringify(next.item)],
      );
    }
    for (const [requestId, request] of next.requests) {
      await sql.run(
        `INSERT INTO case_view_requests (crn, request_id, item_id, fingerprint, position) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (crn, request_id) DO UPDATE SET item_id = excluded.item_id, fingerprint = excluded.fingerprint`,
        [crn, requestId, request.itemId, request.fingerprint, recorded.position],
      );
    }
  },
};

/**
 * Open items awaiting a public-service decision or countersignature. An escalation waiting on the
 * provider's answer keeps its row (marked) but is not in the queue until the answer comes.
 */
export const decisionQueueProjection: SqlProjection = {
  name: CASEWORK_READ_MODELS.decisionQueue,
  // 3: each case's head and each open item as rows (keyed by case and item), no longer one JSON state per case.
  // 4: heads carry the sentence by kind (case.allocated v2): rebuilt from the events.
  // 5: an escalation waiting on the provider's answer stays as a row, marked, out of the queue, due when the answer is.
  //    When a claim was taken, so a lapsed one can be found.
  // 6: recall advice as items of 7 in the case view (its returns), and a returned one says so in its summary.
  version: 6,
  async setUp(sql) {
    await sql.exec(`
      CREATE TABLE IF NOT EXISTS queue_cases (crn TEXT PRIMARY KEY, head TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS queue_items (
        item_id TEXT NOT NULL, kind TEXT NOT NULL, crn TEXT NOT NULL, ldu TEXT NOT NULL, provider TEXT NOT NULL,
        due_at TEXT NOT NULL, overdue INTEGER NOT NULL, claimed_by TEXT, claimed_at TEXT, summary TEXT NOT NULL, opened_at TEXT NOT NULL,
        awaiting_provider INTEGER NOT NULL, item TEXT NOT NULL, PRIMARY KEY (crn, item_id));
      CREATE INDEX IF NOT EXISTS queue_items_due ON queue_items (due_at);`);
  },
  async reset(sql) {
    await sql.exec('DROP TABLE IF EXISTS queue_cases; DROP TABLE IF EXISTS queue_items;');
  },
  async apply(sql, recorded) {
    const event = caseEventOf(recorded);
    if (!event) return;
    const crn = recorded.streamName.slice('case-'.length);
    // The queue keeps its own copy of each case's head, so it never depends on another projector's progress.
    const headRow = await sql.get<{ head: string }>('SELECT head FROM queue_cases WHERE crn = ?', [crn]);
    const itemId = itemIdOf(event);
    const itemRow = itemId
      ? await sql.get<{ item: string }>('SELECT item FROM queue_items WHERE item_id = ? AND crn = ?', [itemId, crn])
      : undefined;
    // An item leaves the queue when it closes, and no later event reopens it. An event about an item that
    // is not queued changes nothing the queue shows.
    if (itemId && !itemRow && !opensItem(event)) return;
    // A case that moved area takes its open items with it: the receiving area finds them under its LDU.
    if (event.type === 'case.moved-area') {
      await sql.run('UPDATE queue_items SET ldu = ?, provider = ? WHERE crn = ?', [event.data.toLdu, event.data.toProvider, crn]);
    }
    const head = headRow && (JSON.parse(headRow.head) as CaseHead);
    const next = evolveInParts(head, itemRow && (JSON.parse(itemRow.item) as CaseItem), event);
    // The queue needs none of the head's growing lists: kept without them, its head stays the same size.
    await sql.run('INSERT INTO queue_cases (crn, head) VALUES (?, ?) ON CONFLICT (crn) DO UPDATE SET head = excluded.head', [
      crn,
      JSON.stringify(headWithoutRecords(next.head)),
    ]);
    if (!itemId) return;
    const item = next.item;
    if (!item || !isOpen(item)) {
      await sql.run('DELETE FROM queue_items WHERE item_id = ? AND crn = ?', [itemId, crn]);
      return;
    }
    // Waiting on a provider's answer, the item is due when the answer is: the public service's clock stands still.
    // Information a provider holds waits on its officer, due as it is (and overdue too, for the SPO to see).
    const pendingAnswer = pendingInformationRequest(item);
    await sql.run(
      `INSERT INTO queue_items (item_id, kind, crn, ldu, provider, due_at, overdue, claimed_by, claimed_at, summary, opened_at, awaiting_provider, item)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (crn, item_id) DO UPDATE SET due_at = excluded.due_at, overdue = excluded.overdue, claimed_by = excluded.claimed_by,
         claimed_at = excluded.claimed_at, summary = excluded.summary, awaiting_provider = excluded.awaiting_provider, item = excluded.item`,
      [
        item.itemId,
        item.kind,
        crn,
        next.head.ldu,
        next.head.provider,
        pendingAnswer ? pendingAnswer.answerDueAt : item.dueAt,
        item.overdue && !pendingAnswer ? 1 : 0,
        item.claimedBy,
        item.claimedAt,
        summaryOf(item),
        item.openedAt,
        awaitsProvider(item) ? 1 : 0,
        JSON.stringify(item),
      ],
    );
  },
};

function opensItem(event: CaseEvent): boolean {
  return (
    event.type === 'escalation.requested' ||
    event.type === 'breach-pack.submitted' ||
    event.type === 'recall-advice.drafted' ||
    event.type === 'transfer.requested' ||
    event.type === 'risk-information.recorded' ||
    event.type === 'breach.due' ||
    event.type === 'recall-advice.due'
  );
}

function summaryOf(item: CaseState['items'][string]): string {
  switch (item.kind) {
    case 'ESCALATION':
      return `${item.urgency} escalation (${item.triggers.join(', ')}): ${item.summary}`;
    case 'BREACH_PACK':
      return `Breach of ${item.requirement}, provider recommends ${item.providerRecommendation}: ${item.summary}`;
    case 'RECALL_COUNTERSIGN': {
      const returned = pendingReturn(item);
      const advice = `${item.emergency ? 'Emergency ' : ''}${item.recallType} recall advice`;
      return returned
        ? `${advice} returned to its author by the ${returned.stage}: ${returned.reason}`
        : `${advice} awaiting ${item.spo ? 'ACO' : 'SPO'} countersignature`;
    }
    case 'TRANSFER':
      return `Transfer from ${item.fromLdu} to ${item.toLdu} (${item.toProvider}) awaiting the receiving area: ${item.reason}`;
    case 'BREACH_DUE':
      return `Breach proceedings due: ${item.reason}; awaiting ${item.heldBy}'s breach pack`;
    case 'RECALL_DUE':
      return `Recall advice due: breach pack ${item.breachPackId} was decided RECALL`;
    case 'RISK_INFORMATION':
      return `${item.threat ? 'Threat: ' : ''}Risk information from ${item.source.toLowerCase().replace(/_/g, ' ')}${item.recordedByProvider ? ` (recorded by ${item.recordedByProvider})` : ''}, ${item.acknowledged ? 'acknowledged, ' : ''}to review${item.heldBy === 'NPS' ? '' : ` by ${item.heldBy}`}: ${item.summary}`;
  }
}

/**
 * The part of a case's seam `event` needs (seamEntriesOf): its crn and manager, and only the provider
 * items and recall draft the event names, so applying an event costs the same in a case of any size.
 * A seam stored whole by an earlier release (its items inside the JSON) is moved into rows first.
 */
async function loadSeamFor(sql: SqlExecutor, crn: string, event: CaseEvent): Promise<SeamState | undefined> {
  const row = await sql.get<{ seam: string }>('SELECT seam FROM provider_feed_seams WHERE crn = ?', [crn]);
  if (!row) return undefined;
  const stored = JSON.parse(row.seam) as Partial<SeamState> & Pick<SeamState, 'crn' | 'managedBy'>;
  if (stored.providerItems || stored.recallDrafts) {
    await saveSeam(sql, undefined, { providerItems: {}, recallDrafts: {}, ...stored });
  }
  const named = seamEntriesOf(event);
  const drafts = named.recallAdviceId
    ? await sql.all<{ recall_advice_id: string; draft: string }>(
        'SELECT recall_advice_id, draft FROM provider_feed_seam_drafts WHERE crn = ? AND recall_advice_id = ?',
        [crn, named.recallAdviceId],
      )
    : [];
  const recallDrafts = Object.fromEntries(
    drafts.map((draft) => [draft.recall_advice_id, JSON.parse(draft.draft) as SeamState['recallDrafts'][string]]),
  );
  const { itemIds } = seamEntriesOf(event, named.recallAdviceId ? recallDrafts[named.recallAdviceId] : undefined);
  const providerItems: Record<string, string> = {};
  for (const itemId of new Set(itemIds)) {
    const item = await sql.get<{ provider: string }>('SELECT provider FROM provider_feed_seam_items WHERE crn = ? AND item_id = ?', [
      crn,
      itemId,
    ]);
    if (item) providerItems[itemId] = item.provider;
  }
  return { crn: stored.crn, managedBy: stored.managedBy, providerItems, recallDrafts };
}

/** Writes what changed between two seams of one case (`before` undefined: write `after` whole). */
async function saveSeam(sql: SqlExecutor, before: SeamState | undefined, after: SeamState): Promise<void> {
  await sql.run('INSERT INTO provider_feed_seams (crn, seam) VALUES (?, ?) ON CONFLICT (crn) DO UPDATE SET seam = excluded.seam', [
    after.crn,
    JSON.stringify({ crn: after.crn, managedBy: after.managedBy }),
  ]);
  for (const [itemId, provider] of Object.entries(after.providerItems)) {
    if (before?.providerItems[itemId] === provider) continue;
    await sql.run(
      `INSERT INTO provider_feed_seam_items (crn, item_id, provider) VALUES (?, ?, ?)
       ON CONFLICT (crn, item_id) DO UPDATE SET provider = excluded.provider`,
      [after.crn, itemId, provider],
    );
  }
  for (const [recallAdviceId, draft] of Object.entries(after.recallDrafts)) {
    // Unchanged drafts are the same object (evolveSeam copies only what an event changes); a revision replaces one.
    if (before?.recallDrafts[recallAdviceId] === draft) continue;
    await sql.run(
      `INSERT INTO provider_feed_seam_drafts (crn, recall_advice_id, draft) VALUES (?, ?, ?)
       ON CONFLICT (crn, recall_advice_id) DO UPDATE SET draft = excluded.draft`,
      [after.crn, recallAdviceId, JSON.stringify(draft)],
    );
  }
  for (const recallAdviceId of Object.keys(before?.recallDrafts ?? {})) {
    if (!after.recallDrafts[recallAdviceId]) {
      await sql.run('DELETE FROM provider_feed_seam_drafts WHERE crn = ? AND recall_advice_id = ?', [after.crn, recallAdviceId]);
    }
  }
}

/**
 * What each provider has been shown: the provider events `disclosureOf` maps from the case events,
 * in the order they happened, numbered per provider. That number is the feed's cursor, not the store
 * position: events arriving from several Kafka partitions can come with a lower position after a
 * higher one, and a cursor past it would skip it. It comes from a counter row per provider, whose
 * row lock makes writers take turns, so a reader never sees a gap fill in later.
 *
 * Version 3 replaced a feed of the internal events themselves. Its cursors (`s<n>`) are kept as the
 * store positions they stood for, so a provider resuming from one loses nothing; the rest of that
 * feed (which held deliberation no provider should have had) is dropped.
 */
export const providerFeedProjection: SqlProjection = {
  name: CASEWORK_READ_MODELS.providerFeed,
  version: 3,
  async setUp(sql) {
    await sql.exec(`
      CREATE TABLE IF NOT EXISTS provider_feed_seams (crn TEXT PRIMARY KEY, seam TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS provider_feed_seam_items (crn TEXT NOT NULL, item_id TEXT NOT NULL, provider TEXT NOT NULL, PRIMARY KEY (crn, item_id));
      CREATE TABLE IF NOT EXISTS provider_feed_seam_drafts (
        crn TEXT NOT NULL, recall_advice_id TEXT NOT NULL, draft TEXT NOT NULL, PRIMARY KEY (crn, recall_advice_id));
      CREATE TABLE IF NOT EXISTS provider_feed_sequences (provider TEXT PRIMARY KEY, last_sequence BIGINT NOT NULL);
      CREATE TABLE IF NOT EXISTS provider_feed (
        provider TEXT NOT NULL, sequence BIGINT NOT NULL, position BIGINT NOT NULL UNIQUE, crn TEXT NOT NULL, type TEXT NOT NULL,
        event TEXT NOT NULL, PRIMARY KEY (provider, sequence));
      CREATE INDEX IF NOT EXISTS provider_feed_by_case ON provider_feed (provider, crn, sequence);
      CREATE INDEX IF NOT EXISTS provider_feed_by_position ON provider_feed (provider, position);
      CREATE TABLE IF NOT EXISTS provider_feed_legacy_cursors (
        provider TEXT NOT NULL, sequence BIGINT NOT NULL, position BIGINT NOT NULL, PRIMARY KEY (provider, sequence));`);
  },
  async reset(sql) {
    await sql.exec(`
      CREATE TABLE IF NOT EXISTS provider_feed_legacy_cursors (
        provider TEXT NOT NULL, sequence BIGINT NOT NULL, position BIGINT NOT NULL, PRIMARY KEY (provider, sequence));`);
    // Version 2's cursors are kept. (Version 1 numbered nothing: its cursors were store positions, still
    // honoured, and its table has no sequence to keep. Over Kafka, the read models are one set with a
    // checkpoint of their own, and only ever had version 2.)
    const stored = await sql.get<{ version: number }>("SELECT version FROM read_model_checkpoints WHERE name = 'provider-feed'");
    if (!stored || Number(stored.version) >= 2) {
      await sql.exec('CREATE TABLE IF NOT EXISTS feed_events (provider TEXT NOT NULL, sequence BIGINT NOT NULL, position BIGINT NOT NULL)');
      await sql.run(
        `INSERT INTO provider_feed_legacy_cursors (provider, sequence, position)
         SELECT provider, sequence, position FROM feed_events WHERE true ON CONFLICT DO NOTHING`,
      );
    }
    await sql.exec(`
      DROP TABLE IF EXISTS feed_events; DROP TABLE IF EXISTS feed_sequences; DROP TABLE IF EXISTS feed_cases;
      DROP TABLE IF EXISTS provider_feed_seams; DROP TABLE IF EXISTS provider_feed_seam_items; DROP TABLE IF EXISTS provider_feed_seam_drafts;
      DROP TABLE IF EXISTS provider_feed_sequences; DROP TABLE IF EXISTS provider_feed;`);
  },
  async apply(sql, recorded) {
    const event = caseEventOf(recorded);
    if (!event) return;
    const crn = recorded.streamName.slice('case-'.length);
    const seam = await loadSeamFor(sql, crn, event);
    await saveSeam(sql, seam, evolveSeam(seam, event));
    const disclosure = disclosureOf(seam, event, recorded.id);
    if (!disclosure) return;
    if (await sql.get('SELECT 1 AS seen FROM provider_feed WHERE position = ?', [recorded.position])) return;
    const taken = await sql.get<{ last_sequence: number }>(
      `INSERT INTO provider_feed_sequences (provider, last_sequence) VALUES (?, 1)
       ON CONFLICT (provider) DO UPDATE SET last_sequence = provider_feed_sequences.last_sequence + 1 RETURNING last_sequence`,
      [disclosure.provider],
    );
    await sql.run('INSERT INTO provider_feed (provider, sequence, position, crn, type, event) VALUES (?, ?, ?, ?, ?, ?)', [
      disclosure.provider,
      Number(taken?.last_sequence),
      recorded.position,
      crn,
      disclosure.event.type,
      JSON.stringify(disclosure.event),
    ]);
  },
};

export const CASEWORK_PROJECTIONS: readonly SqlProjection[] = [caseViewProjection, decisionQueueProjection, providerFeedProjection];
