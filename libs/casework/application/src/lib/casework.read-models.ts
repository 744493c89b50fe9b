import type Database from 'better-sqlite3';
import type { CaseState, QueueItemKind } from '@escalation-hub/casework-domain';

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
  readonly limit: number;
}

export interface FeedEntry {
  readonly position: number;
  readonly crn: string;
  readonly revision: number;
  readonly type: string;
  readonly occurredAt: string;
  readonly actor: unknown;
  readonly data: unknown;
}

/** Queries over the casework read models. Read-only; the projections write. */
export class CaseworkReadModels {
  constructor(private readonly db: Database.Database) {}

  findCase(crn: string): CaseView | undefined {
    const row = this.db.prepare('SELECT state, revision FROM case_view WHERE crn = ?').get(crn) as
      | { state: string; revision: number }
      | undefined;
    return row && { state: JSON.parse(row.state) as CaseState, revision: row.revision };
  }

  /** The case an item belongs to, whether still open or long decided. */
  findItem(itemId: string): { crn: string; kind: QueueItemKind } | undefined {
    return this.db.prepare('SELECT crn, kind FROM case_items WHERE item_id = ?').get(itemId) as
      | { crn: string; kind: QueueItemKind }
      | undefined;
  }

  /** Open items, overdue first (by the clock now, not only those already marked), then by due time. */
  queue(filter: QueueFilter, now: Date): QueueItemView[] {
    const clauses: string[] = [];
    const parameters: (string | number)[] = [now.toISOString()];
    for (const [column, value] of [
      ['kind', filter.kind],
      ['ldu', filter.ldu],
      ['provider', filter.provider],
    ] as const) {
      if (value === undefined) continue;
      clauses.push(`${column} = ?`);
      parameters.push(value);
    }
    parameters.push(filter.limit);
    const rows = this.db
      .prepare(
        `SELECT item_id, kind, crn, ldu, provider, due_at, claimed_by, summary, opened_at, (overdue = 1 OR due_at < ?) AS is_overdue
         FROM queue_items ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
         ORDER BY is_overdue DESC, due_at ASC, item_id ASC LIMIT ?`,
      )
      .all(...parameters) as {
      item_id: string;
      kind: QueueItemKind;
      crn: string;
      ldu: string;
      provider: string;
      due_at: string;
      claimed_by: string | null;
      summary: string;
      opened_at: string;
      is_overdue: number;
    }[];
    return rows.map((row) => ({
      itemId: row.item_id,
      kind: row.kind,
      crn: row.crn,
      ldu: row.ldu,
      provider: row.provider,
      dueAt: row.due_at,
      overdue: row.is_overdue === 1,
      claimedBy: row.claimed_by,
      summary: row.summary,
      openedAt: row.opened_at,
    }));
  }

  /** Items past their due time that have not been marked overdue yet: the scheduler's work list. */
  itemsDueForOverdueMark(now: Date, limit: number): { itemId: string; crn: string }[] {
    return (
      this.db
        .prepare('SELECT item_id, crn FROM queue_items WHERE overdue = 0 AND due_at <= ? ORDER BY due_at LIMIT ?')
        .all(now.toISOString(), limit) as {
        item_id: string;
        crn: string;
      }[]
    ).map((row) => ({ itemId: row.item_id, crn: row.crn }));
  }

  feed(provider: string, after: number, limit: number): FeedEntry[] {
    const rows = this.db
      .prepare(
        'SELECT position, crn, revision, type, occurred_at, actor, data FROM feed_events WHERE provider = ? AND position > ? ORDER BY position LIMIT ?',
      )
      .all(provider, after, limit) as {
      position: number;
      crn: string;
      revision: number;
      type: string;
      occurred_at: string;
      actor: string;
      data: string;
    }[];
    return rows.map((row) => ({
      position: row.position,
      crn: row.crn,
      revision: row.revision,
      type: row.type,
      occurredAt: row.occurred_at,
      actor: JSON.parse(row.actor),
      data: JSON.parse(row.data),
    }));
  }
}
