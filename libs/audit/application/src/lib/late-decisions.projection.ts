import type { SqlProjection } from '@escalation-hub/event-store';
import type { SqlDatabase } from '@escalation-hub/sql';
import { isCaseStream, toCaseEvent } from '@escalation-hub/casework-application';
import { NPS } from '@escalation-hub/casework-domain';
import type { AwaitingSide } from '@escalation-hub/casework-domain';

/**
 * Every item's due time and what became of it, for lateness reports: when it was decided and by
 * whom, or who holds it still. Rebuildable like any read model.
 */
export const itemDeadlinesProjection: SqlProjection = {
  name: 'item-deadlines',
  // 3: an escalation waiting on the provider's answer is not overdue meanwhile; the answer moves its due time.
  //    An item withdrawn when its case closed is no longer awaited.
  // 4: recall advice: returned (nobody holds it), revised (its due time), withdrawn by its author (no longer awaited).
  //    Breach proceedings due and recall advice due, met or waived.
  // 5: whose move each item waited on (awaited_from): the public service's, or the provider holding it.
  version: 5,
  async setUp(sql) {
    await sql.exec(`CREATE TABLE IF NOT EXISTS item_deadlines (
      item_id TEXT PRIMARY KEY, kind TEXT NOT NULL, crn TEXT NOT NULL, opened_at TEXT NOT NULL, due_at TEXT NOT NULL,
      claimed_by TEXT, decided_at TEXT, decided_by TEXT, late INTEGER, marked_overdue_at TEXT, awaiting_provider_since TEXT,
      withdrawn_at TEXT, awaited_from TEXT NOT NULL DEFAULT '${NPS}');
      CREATE INDEX IF NOT EXISTS item_deadlines_due ON item_deadlines (due_at);`);
  },
  async reset(sql) {
    await sql.exec('DROP TABLE IF EXISTS item_deadlines');
  },
  async apply(sql, recorded) {
    if (!isCaseStream(recorded.streamName)) return;
    const event = toCaseEvent(recorded);
    const crn = recorded.streamName.slice('case-'.length);
    const opened = (itemId: string, kind: string, dueAt: string, awaitedFrom = NPS) =>
      sql.run(
        'INSERT INTO item_deadlines (item_id, kind, crn, opened_at, due_at, awaited_from) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        [itemId, kind, crn, event.occurredAt, dueAt, awaitedFrom],
      );
    const decided = (itemId: string, late: boolean) =>
      sql.run('UPDATE item_deadlines SET decided_at = ?, decided_by = ?, late = ? WHERE item_id = ?', [
        event.occurredAt,
        event.actor.id,
        late ? 1 : 0,
        itemId,
      ]);
    const heldBy = (itemId: string, holder: string | null) =>
      sql.run('UPDATE item_deadlines SET claimed_by = ? WHERE item_id = ?', [holder, itemId]);
    switch (event.type) {
      case 'escalation.requested':
        return void (await opened(event.data.escalationId, 'ESCALATION', event.data.dueAt));
      case 'breach-pack.submitted':
        return void (await opened(event.data.breachPackId, 'BREACH_PACK', event.data.dueAt));
      case 'recall-advice.drafted':
        return void (await opened(event.data.recallAdviceId, 'RECALL_COUNTERSIGN', event.data.dueAt));
      case 'transfer.requested':
        return void (await opened(event.data.transferId, 'TRANSFER', event.data.dueAt));
      case 'risk-information.recorded':
        // The responsible officer's side reviews it: the public service's, or the provider's that manages the case.
        return void (await opened(event.data.riskInformationId, 'RISK_INFORMATION', event.data.dueAt, event.data.heldBy));
      case 'risk-information.handed-over':
        // Whoever held it when it fell due answers for its lateness: a hand-over after that changes nothing here.
        return void (await sql.run('UPDATE item_deadlines SET awaited_from = ? WHERE item_id = ? AND due_at > ?', [
          event.data.heldBy,
          event.data.riskInformationId,
          event.occurredAt,
        ]));
      case 'breach.due':
        // The provider that manages the case owes the breach pack.
        return void (await opened(event.data.breachDueId, 'BREACH_DUE', event.data.dueAt, event.data.heldBy));
      case 'recall-advice.due':
        return void (await opened(event.data.recallDueId, 'RECALL_DUE', event.data.dueAt));
      case 'breach.waived':
        return void (await decided(event.data.breachDueId, event.data.late));
      case 'item.fulfilled':
        return void (await decided(event.data.itemId, event.data.late));
      case 'item.claimed':
        return void (await heldBy(event.data.itemId, event.actor.id));
      case 'item.released':
      case 'item.claim-expired':
        return void (await heldBy(event.data.itemId, null));
      case 'recall-advice.countersigned-by-spo':
      case 'recall-advice.returned':
        // The SPO's signature hands the advice on to an ACO, a return hands it back to its author: nobody holds it
        // any more (as in the case's state).
        return void (await heldBy(event.data.recallAdviceId, null));
      case 'recall-advice.revised':
        // Made (or no longer) an emergency, its deadline is the one that kind of advice has from the first draft.
        return void (await sql.run('UPDATE item_deadlines SET due_at = ?, claimed_by = NULL WHERE item_id = ?', [
          event.data.dueAt,
          event.data.recallAdviceId,
        ]));
      case 'item.became-overdue':
        return void (await sql.run('UPDATE item_deadlines SET marked_overdue_at = ? WHERE item_id = ?', [
          event.occurredAt,
          event.data.itemId,
        ]));
      case 'escalation.information-requested':
        return void (await sql.run('UPDATE item_deadlines SET awaiting_provider_since = ? WHERE item_id = ?', [
          event.occurredAt,
          event.data.escalationId,
        ]));
      case 'escalation.information-withdrawn':
      case 'escalation.information-provided':
        // The public service's clock stood still while the provider answered: its due time moves on.
        return void (await sql.run('UPDATE item_deadlines SET awaiting_provider_since = NULL, due_at = ? WHERE item_id = ?', [
          event.data.dueAt,
          event.data.escalationId,
        ]));
      case 'recall-advice.withdrawn':
        return void (await sql.run('UPDATE item_deadlines SET withdrawn_at = ?, claimed_by = NULL WHERE item_id = ?', [
          event.occurredAt,
          event.data.recallAdviceId,
        ]));
      case 'item.withdrawn':
        return void (await sql.run('UPDATE item_deadlines SET withdrawn_at = ?, claimed_by = NULL WHERE item_id = ?', [
          event.occurredAt,
          event.data.itemId,
        ]));
      case 'escalation.decided':
        return void (await decided(event.data.escalationId, event.data.late));
      case 'breach-pack.decided':
        return void (await decided(event.data.breachPackId, event.data.late));
      case 'recall-advice.issued':
        return void (await decided(event.data.recallAdviceId, event.data.late));
      case 'transfer.decided':
        return void (await decided(event.data.transferId, event.data.late));
      case 'risk-information.reviewed':
        return void (await decided(event.data.riskInformationId, event.data.late));
      default:
        return;
    }
  },
};

export interface LateItem {
  readonly itemId: string;
  readonly kind: string;
  readonly crn: string;
  readonly openedAt: string;
  readonly dueAt: string;
  /**
   * DECIDED_LATE; STILL_OVERDUE when undecided past its due time at the report's moment; WITHDRAWN_OVERDUE when
   * its case closed, undecided, after its due time.
   */
  readonly status: 'DECIDED_LATE' | 'STILL_OVERDUE' | 'WITHDRAWN_OVERDUE';
  readonly decidedAt: string | null;
  readonly decidedBy: string | null;
  /** Who held the item when the report was made (still overdue), or last held it. */
  readonly heldBy: string | null;
  /** How far past the due time: at the decision, at the withdrawal, or at the report's moment. */
  readonly lateByMinutes: number;
  /**
   * Whose move the item waited on when it fell due (it may change hands when the case moves): `NPS`, the public
   * service's, or the code of the provider that held it (risk information on a case it manages, a breach pack it owed).
   */
  readonly awaitedFrom: string;
}

/** The late items to list: due in [from, to), and optionally only those awaited from the public service or from providers. */
export interface LateItemsFilter {
  readonly from?: string;
  readonly to?: string;
  readonly awaiting?: AwaitingSide;
}

// An item waiting on the provider's answer is not late on the public service's side, unless it was already
// overdue when the question was asked.
// One withdrawn when its case closed counts if it was already past due then.
const LATE_WHERE =
  'due_at >= ? AND due_at < ? AND (late = 1 OR (decided_at IS NULL AND (awaiting_provider_since IS NULL OR due_at < awaiting_provider_since) AND due_at < COALESCE(withdrawn_at, ?)))';

function lateWhere(filter: LateItemsFilter, now: Date): { where: string; parameters: string[] } {
  const parameters = [filter.from ?? '', filter.to ?? '9999', now.toISOString()];
  if (!filter.awaiting) return { where: LATE_WHERE, parameters };
  const awaited = filter.awaiting === 'PUBLIC_SERVICE' ? 'awaited_from = ?' : 'awaited_from <> ?';
  return { where: `${LATE_WHERE} AND ${awaited}`, parameters: [...parameters, NPS] };
}

/** How many items `lateItems` would list for this range, without reading them: for paging. */
export async function countLateItems(db: SqlDatabase, filter: LateItemsFilter, now: Date): Promise<number> {
  const { where, parameters } = lateWhere(filter, now);
  const row = await db.get<{ size: number | string }>(`SELECT COUNT(*) AS size FROM item_deadlines WHERE ${where}`, parameters);
  // PostgreSQL returns COUNT(*) as a bigint string.
  return Number(row?.size ?? 0);
}

/**
 * Items decided late, or still undecided past their due time at `now`, with a due time in [from, to) (and
 * awaited from whom the filter says), by due time; `page` reads one slice of that order.
 */
export async function lateItems(
  db: SqlDatabase,
  filter: LateItemsFilter,
  now: Date,
  page?: { limit: number; offset: number },
): Promise<LateItem[]> {
  const { where, parameters } = lateWhere(filter, now);
  const rows = await db.all<{
    item_id: string;
    kind: string;
    crn: string;
    opened_at: string;
    due_at: string;
    claimed_by: string | null;
    decided_at: string | null;
    decided_by: string | null;
    withdrawn_at: string | null;
    awaited_from: string;
  }>(
    `SELECT item_id, kind, crn, opened_at, due_at, claimed_by, decided_at, decided_by, withdrawn_at, awaited_from FROM item_deadlines
     WHERE ${where} ORDER BY due_at, item_id${page ? ' LIMIT ? OFFSET ?' : ''}`,
    [...parameters, ...(page ? [page.limit, page.offset] : [])],
  );
  return rows.map((row) => ({
    itemId: row.item_id,
    kind: row.kind,
    crn: row.crn,
    openedAt: row.opened_at,
    dueAt: row.due_at,
    status: row.decided_at ? 'DECIDED_LATE' : row.withdrawn_at ? 'WITHDRAWN_OVERDUE' : 'STILL_OVERDUE',
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    heldBy: row.claimed_by,
    // Late by any amount is at least a minute late: never report a late item as 0 minutes late.
    lateByMinutes: Math.ceil((Date.parse(row.decided_at ?? row.withdrawn_at ?? now.toISOString()) - Date.parse(row.due_at)) / 60_000),
    awaitedFrom: row.awaited_from,
  }));
}
