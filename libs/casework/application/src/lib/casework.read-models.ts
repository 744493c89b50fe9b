import type { SqlDatabase, SqlValue } from '@escalation-hub/sql';
import type { DisclosedEvent, ReadModelFreshness } from './casework.ports';
import { CASEWORK_READ_MODELS } from './read-model-names';
import { headWithRecords } from './casework.projections';
import {
  AwaitingSide,
  CaseHead,
  CaseItem,
  CaseState,
  ProviderCaseView,
  providerCaseView,
  ProviderEvent,
  QueueItemKind,
} from '@escalation-hub/casework-domain';

export interface CaseView {
  readonly state: CaseState;
  readonly revision: number;
}

export interface QueueItemView {
  readonly itemId: string;
  readonly kind: QueueItemKind;
  readonly crn: string;
  readonly ldu: string;
  readonly provider: string;
  readonly dueAt: string;
  readonly overdue: boolean;
  readonly claimedBy: string | null;
  readonly summary: string;
  readonly openedAt: string;
}

export interface QueueFilter {
  readonly kind?: QueueItemKind;
  readonly ldu?: string;
  readonly provider?: string;
  /** Whose move it is: the public service's (the queue itself, by default), or a provider's (escalations awaiting its answer, risk information its officer holds). */
  readonly awaiting?: AwaitingSide;
  readonly limit: number;
  /** How many items of the ordered queue to skip: for paging. */
  readonly offset?: number;
}

export interface FeedEntry {
  /** The provider's own sequence: the feed's cursor. */
  readonly sequence: number;
  readonly event: ProviderEvent;
}

/**
 * Where a feed page starts: after one of the provider's own sequence numbers; or, a cursor from an
 * earlier release, after what the old feed had handed out up to its sequence, or after a store position.
 */
export type FeedCursor = { sequence: number } | { legacySequence: number } | { position: number };

/**
 * Queries over the casework read models. Read-only; the projections write. Each query first waits
 * (briefly) for its read model to show everything already stored, so a write acknowledged to one
 * person is in the next thing anyone reads, though commands wait only for their own caller's reads.
 */
export class CaseworkReadModels {
  constructor(
    private readonly db: SqlDatabase,
    private readonly freshness: Pick<ReadModelFreshness, 'waitForStore'> = { waitForStore: async () => undefined },
  ) {}

  /**
   * The case as it stands, put together from its head, item and request rows (items in the order they
   * were opened). Each event changes the head's revision in the same commit as its rows, so a revision
   * unchanged across the reads means the rows belong together; otherwise the case is read again.
   */
  async findCase(crn: string): Promise<CaseView | undefined> {
    await this.freshness.waitForStore([CASEWORK_READ_MODELS.caseView]);
    for (let attempt = 1; ; attempt += 1) {
      const row = await this.db.get<{ head: string; revision: number }>('SELECT head, revision FROM case_view WHERE crn = ?', [crn]);
      if (!row) return undefined;
      const [items, requests, records] = await Promise.all([
        this.db.all<{ item: string }>('SELECT item FROM case_view_items WHERE crn = ? ORDER BY opened_position', [crn]),
        this.db.all<{ request_id: string; item_id: string; fingerprint: string }>(
          'SELECT request_id, item_id, fingerprint FROM case_view_requests WHERE crn = ? ORDER BY position',
          [crn],
        ),
        this.db.all<{ list: 'failure' | 'warning' | 'intervention'; entry: string }>(
          'SELECT list, entry FROM case_view_records WHERE crn = ? ORDER BY position, seq',
          [crn],
        ),
      ]);
      const after = await this.db.get<{ revision: number }>('SELECT revision FROM case_view WHERE crn = ?', [crn]);
      if (Number(after?.revision) !== Number(row.revision) && attempt < 10) continue;
      const state: CaseState = {
        ...headWithRecords(
          JSON.parse(row.head) as CaseHead,
          records.map(({ list, entry }) => ({ list, entry: JSON.parse(entry) as unknown })),
        ),
        items: Object.fromEntries(items.map(({ item }) => JSON.parse(item) as CaseItem).map((item) => [item.itemId, item])),
        requests: Object.fromEntries(
          requests.map((request) => [request.request_id, { itemId: request.item_id, fingerprint: request.fingerprint }]),
        ),
      };
      return { state, revision: Number(row.revision) };
    }
  }

  /** The case an item belongs to, whether still open or long decided. (Ids are unique; stores from before ADR 0008 may repeat one: the first holds.) */
  async findItem(itemId: string): Promise<{ crn: string; kind: QueueItemKind } | undefined> {
    await this.freshness.waitForStore([CASEWORK_READ_MODELS.caseView]);
    return this.db.get<{ crn: string; kind: QueueItemKind }>(
      'SELECT crn, kind FROM case_view_items WHERE item_id = ? ORDER BY opened_position LIMIT 1',
      [itemId],
    );
  }

  /** Open items, overdue first (by the clock now, not only those already marked), then by due time. */
  async queue(filter: QueueFilter, now: Date): Promise<QueueItemView[]> {
    await this.freshness.waitForStore([CASEWORK_READ_MODELS.decisionQueue]);
    const { where, parameters } = queueWhere(filter);
    const rows = await this.db.all<QueueRow & { is_overdue: number }>(
      `SELECT item_id, kind, crn, ldu, provider, due_at, claimed_by, summary, opened_at,
         CASE WHEN overdue = 1 OR due_at < ? THEN 1 ELSE 0 END AS is_overdue
       FROM queue_items ${where}
       ORDER BY is_overdue DESC, due_at ASC, item_id ASC LIMIT ? OFFSET ?`,
      [now.toISOString(), ...parameters, filter.limit, filter.offset ?? 0],
    );
    return rows.map((row) => queueItemViewOf(row, row.is_overdue === 1));
  }

  /**
   * Open items that may be on one person's desk: those they hold, recall advice, risk information and recall
   * advice due (waiting on the public service or not), and anything overdue. Each with its item as the case
   * holds it, for the page to sort into what this person acknowledges, reviews, revises or signs.
   */
  async workCandidates(
    person: string,
    now: Date,
    limit = 2000,
  ): Promise<(QueueItemView & { item: CaseItem; awaitingProvider: boolean })[]> {
    await this.freshness.waitForStore([CASEWORK_READ_MODELS.decisionQueue]);
    const rows = await this.db.all<QueueRow & { overdue: number; awaiting_provider: number; item: string }>(
      `SELECT item_id, kind, crn, ldu, provider, due_at, claimed_by, summary, opened_at, overdue, awaiting_provider, item FROM queue_items
       WHERE claimed_by = ? OR kind IN ('RECALL_COUNTERSIGN', 'RISK_INFORMATION', 'RECALL_DUE') OR overdue = 1 OR due_at < ?
       ORDER BY CASE WHEN claimed_by = ? THEN 0 ELSE 1 END, due_at ASC, item_id ASC LIMIT ?`,
      [person, now.toISOString(), person, limit],
    );
    return rows.map((row) => ({
      // An escalation waiting on the provider's answer is not late on the public service's side.
      ...queueItemViewOf(
        row,
        (row.overdue === 1 || row.due_at < now.toISOString()) && !(row.awaiting_provider === 1 && row.kind === 'ESCALATION'),
      ),
      item: JSON.parse(row.item) as CaseItem,
      awaitingProvider: row.awaiting_provider === 1,
    }));
  }

  /** The LDUs and providers that have open items: what the queue can be filtered by. */
  async queueFilterChoices(): Promise<{ ldus: string[]; providers: string[] }> {
    await this.freshness.waitForStore([CASEWORK_READ_MODELS.decisionQueue]);
    const [ldus, providers] = await Promise.all([
      this.db.all<{ value: string }>('SELECT DISTINCT ldu AS value FROM queue_items ORDER BY ldu'),
      this.db.all<{ value: string }>('SELECT DISTINCT provider AS value FROM queue_items ORDER BY provider'),
    ]);
    return { ldus: ldus.map((row) => row.value), providers: providers.map((row) => row.value) };
  }

  /** How many open items match the filter (its limit and offset aside): for paging. */
  async queueSize(filter: Omit<QueueFilter, 'limit' | 'offset'>): Promise<number> {
    await this.freshness.waitForStore([CASEWORK_READ_MODELS.decisionQueue]);
    const { where, parameters } = queueWhere(filter);
    const row = await this.db.get<{ size: number | string }>(`SELECT COUNT(*) AS size FROM queue_items ${where}`, parameters);
    // PostgreSQL returns COUNT(*) as a bigint string.
    return Number(row?.size ?? 0);
  }

  /**
   * Items past their due time that have not been marked overdue yet: the scheduler's work list. An escalation
   * waiting on the provider's answer is not (the public service's clock stands still); information a provider
   * holds is (its officer is late).
   */
  async itemsDueForOverdueMark(now: Date, limit: number): Promise<{ itemId: string; crn: string }[]> {
    const rows = await this.db.all<{ item_id: string; crn: string }>(
      "SELECT item_id, crn FROM queue_items WHERE overdue = 0 AND (awaiting_provider = 0 OR kind <> 'ESCALATION') AND due_at <= ? ORDER BY due_at LIMIT ?",
      [now.toISOString(), limit],
    );
    return rows.map((row) => ({ itemId: row.item_id, crn: row.crn }));
  }

  /** Items whose claim was taken at or before `claimedBefore`: the scheduler's list of claims to let lapse. */
  async itemsWithClaimsBefore(claimedBefore: Date, limit: number): Promise<{ itemId: string; crn: string }[]> {
    const rows = await this.db.all<{ item_id: string; crn: string }>(
      'SELECT item_id, crn FROM queue_items WHERE claimed_by IS NOT NULL AND claimed_at <= ? ORDER BY claimed_at LIMIT ?',
      [claimedBefore.toISOString(), limit],
    );
    return rows.map((row) => ({ itemId: row.item_id, crn: row.crn }));
  }

  /** The provider's feed after a cursor, oldest first. */
  async feed(provider: string, after: FeedCursor, limit: number): Promise<FeedEntry[]> {
    await this.freshness.waitForStore([CASEWORK_READ_MODELS.providerFeed]);
    const select = 'SELECT sequence, event FROM provider_feed WHERE provider = ?';
    const rows =
      'sequence' in after
        ? await this.db.all<{ sequence: number | string; event: string }>(`${select} AND sequence > ? ORDER BY sequence LIMIT ?`, [
            provider,
            after.sequence,
            limit,
          ])
        : 'position' in after
          ? await this.db.all<{ sequence: number | string; event: string }>(`${select} AND position > ? ORDER BY sequence LIMIT ?`, [
              provider,
              after.position,
              limit,
            ])
          : // The old feed numbered events as they arrived, not in store order (over Kafka the two differ):
            // what it had handed out up to that cursor is exactly what not to send again.
            await this.db.all<{ sequence: number | string; event: string }>(
              `${select} AND position NOT IN (SELECT position FROM provider_feed_legacy_cursors WHERE provider = ? AND sequence <= ?)
               ORDER BY sequence LIMIT ?`,
              [provider, provider, after.legacySequence, limit],
            );
    return rows.map((row) => ({ sequence: Number(row.sequence), event: JSON.parse(row.event) as ProviderEvent }));
  }

  /** A case as the provider may see it, from what it has been shown, and those events; undefined if it never was. */
  async providerCase(provider: string, crn: string): Promise<{ view: ProviderCaseView; shown: DisclosedEvent[] } | undefined> {
    await this.freshness.waitForStore([CASEWORK_READ_MODELS.providerFeed]);
    const rows = await this.db.all<{ sequence: number | string; event: string }>(
      'SELECT sequence, event FROM provider_feed WHERE provider = ? AND crn = ? ORDER BY sequence',
      [provider, crn],
    );
    const events = rows.map((row) => JSON.parse(row.event) as ProviderEvent);
    const view = providerCaseView(provider, events);
    return (
      view && {
        view,
        shown: events.map((event, index) => ({
          id: event.id,
          crn: event.crn,
          type: event.type,
          cursor: `p${Number(rows[index].sequence)}`,
        })),
      }
    );
  }
}

/** A queue row's columns as the queue's views read them. */
interface QueueRow {
  item_id: string;
  kind: QueueItemKind;
  crn: string;
  ldu: string;
  provider: string;
  due_at: string;
  claimed_by: string | null;
  summary: string;
  opened_at: string;
}

function queueItemViewOf(row: QueueRow, overdue: boolean): QueueItemView {
  return {
    itemId: row.item_id,
    kind: row.kind,
    crn: row.crn,
    ldu: row.ldu,
    provider: row.provider,
    dueAt: row.due_at,
    overdue,
    claimedBy: row.claimed_by,
    summary: row.summary,
    openedAt: row.opened_at,
  };
}

function queueWhere(filter: Pick<QueueFilter, 'kind' | 'ldu' | 'provider' | 'awaiting'>): { where: string; parameters: SqlValue[] } {
  const clauses: string[] = [filter.awaiting === 'PROVIDER' ? 'awaiting_provider = 1' : 'awaiting_provider = 0'];
  const parameters: SqlValue[] = [];
  for (const [column, value] of [
    ['kind', filter.kind],
    ['ldu', filter.ldu],
    ['provider', filter.provider],
  ] as const) {
    if (value === undefined) continue;
    clauses.push(`${column} = ?`);
    parameters.push(value);
  }
  return { where: `WHERE ${clauses.join(' AND ')}`, parameters };
}
