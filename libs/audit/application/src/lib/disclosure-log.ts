import { randomUUID } from 'node:crypto';
import type { DisclosedEvent, DisclosureRecorder } from '@escalation-hub/casework-application';
import type { Actor } from '@escalation-hub/casework-domain';
import type { EventLog, JsonObject, RecordedEvent, SqlProjection } from '@escalation-hub/event-store';
import type { SqlDatabase, SqlValue } from '@escalation-hub/sql';
import { actorData, CASE_READ } from './access-log';
import { assertValidAuditEvent, auditSchemaVersionMetadata, LoggedAuditEventType, readLoggedAuditEvent } from './audit-event.schemas';
import { CoalescingAppender } from './coalescing-appender';

/**
 * The disclosure log: what went to each provider, recorded before it went, as the Data Protection Act
 * 2018 s.62 asks of law-enforcement processing (who, what, when). Feed pages and messages on a
 * provider's topic are events of the provider's own stream, `disclosures-<provider>`, one per page or
 * per batch of messages naming every event it carried; a provider's read of a case is a `case.read`
 * in the case's access stream, beside staff reads. None of it touches a case's own stream.
 */
export const FEED_PAGE_SERVED = 'provider-feed.page-served' satisfies LoggedAuditEventType;
export const TOPIC_MESSAGES_SENT = 'provider-topic.messages-sent' satisfies LoggedAuditEventType;

/** The hub itself, as the sender of messages on provider topics. */
export const OUTBOX_ACTOR: Actor = { id: 'hub-outbox', role: 'admin' };

export function disclosureStreamFor(provider: string): string {
  return `disclosures-${provider}`;
}

export class DisclosureLog implements DisclosureRecorder {
  private readonly appender: CoalescingAppender;

  constructor(
    log: EventLog,
    private readonly clock: () => Date,
  ) {
    this.appender = new CoalescingAppender(log);
  }

  async recordFeedPage(page: Parameters<DisclosureRecorder['recordFeedPage']>[0]): Promise<void> {
    const provider = page.actor.provider ?? '';
    await this.append(provider, FEED_PAGE_SERVED, page.actor, {
      after: page.after,
      next: page.next,
      events: page.events.map(
        ({ id, crn, type, cursor }): JsonObject => (cursor === undefined ? { id, crn, type } : { id, crn, type, cursor }),
      ),
      from: page.from,
      userAgent: page.userAgent,
    });
  }

  /** Messages about to be sent on a provider's topic (a resend after a broker failure is recorded again). */
  async recordTopicMessages(provider: string, topic: string, events: readonly DisclosedEvent[]): Promise<void> {
    await this.append(provider, TOPIC_MESSAGES_SENT, OUTBOX_ACTOR, {
      topic,
      events: events.map(({ id, crn, type }) => ({ id, crn, type })),
    });
  }

  /** Checked against the type's schema before it is appended: nothing it does not name reaches the log. */
  private async append(provider: string, type: LoggedAuditEventType, actor: Actor, data: JsonObject): Promise<void> {
    const metadata = { actor: actorData(actor), occurredAt: this.clock().toISOString(), ...auditSchemaVersionMetadata(type) };
    await this.appender.append(disclosureStreamFor(provider), assertValidAuditEvent({ id: randomUUID(), type, data, metadata }));
  }
}

export type DisclosureChannel = 'case-read' | 'feed-page' | 'topic';

/** One disclosure as auditors list it. */
export interface DisclosureEntry {
  readonly at: string;
  readonly provider: string;
  readonly channel: DisclosureChannel;
  readonly actor: Actor;
  /** The address the request came from (reads and feed pages). */
  readonly from: string | null;
  readonly crns: string[];
  /** The provider events it carried (feed pages and topic messages). */
  readonly events: DisclosedEvent[];
  /** Reads: the view and its query; feed pages: the cursors; topic messages: the topic. */
  readonly detail: Record<string, unknown>;
  /** Where the record of it is kept: its stream, revision and position in the log. */
  readonly record: { stream: string; revision: number; position: number; hash: string };
}

/** Every disclosure, indexed by provider, time and case: what GET /v1/audit/disclosures lists. */
export const disclosureLogProjection: SqlProjection = {
  name: 'disclosure-log',
  version: 1,
  async setUp(sql) {
    await sql.exec(`
      CREATE TABLE IF NOT EXISTS disclosures (
        position BIGINT PRIMARY KEY, at TEXT NOT NULL, provider TEXT NOT NULL, channel TEXT NOT NULL, entry TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS disclosures_by_provider ON disclosures (provider, at);
      CREATE INDEX IF NOT EXISTS disclosures_by_time ON disclosures (at);
      CREATE TABLE IF NOT EXISTS disclosure_cases (crn TEXT NOT NULL, position BIGINT NOT NULL, PRIMARY KEY (crn, position));`);
  },
  async reset(sql) {
    await sql.exec('DROP TABLE IF EXISTS disclosures; DROP TABLE IF EXISTS disclosure_cases;');
  },
  async apply(sql, recorded) {
    const entry = disclosureEntryOf(recorded);
    if (!entry) return;
    await sql.run('INSERT INTO disclosures (position, at, provider, channel, entry) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', [
      recorded.position,
      entry.at,
      entry.provider,
      entry.channel,
      JSON.stringify(entry),
    ]);
    for (const crn of entry.crns) {
      await sql.run('INSERT INTO disclosure_cases (crn, position) VALUES (?, ?) ON CONFLICT DO NOTHING', [crn, recorded.position]);
    }
  },
};

/** Reads a recorded event as a disclosure, or undefined if it is none; a disclosure record is checked against its schema. */
export function disclosureEntryOf(recorded: RecordedEvent): DisclosureEntry | undefined {
  const record = { stream: recorded.streamName, revision: recorded.streamVersion, position: recorded.position, hash: recorded.hash };
  if (recorded.type === CASE_READ && recorded.streamName.startsWith('access-')) {
    const read = readLoggedAuditEvent(CASE_READ, recorded);
    if (read.actor.role !== 'provider') return undefined;
    return {
      at: read.occurredAt,
      actor: read.actor,
      record,
      provider: read.actor.provider ?? '',
      channel: 'case-read',
      from: read.data.from,
      crns: [recorded.streamName.slice('access-'.length)],
      events: [...(read.data.disclosed ?? [])],
      detail: { view: read.data.view, query: read.data.query },
    };
  }
  if (!recorded.streamName.startsWith('disclosures-')) return undefined;
  const provider = recorded.streamName.slice('disclosures-'.length);
  const crnsOf = (events: readonly DisclosedEvent[]) => [...new Set(events.map((event) => event.crn))];
  if (recorded.type === FEED_PAGE_SERVED) {
    const { data, actor, occurredAt } = readLoggedAuditEvent(FEED_PAGE_SERVED, recorded);
    return {
      at: occurredAt,
      actor,
      record,
      provider,
      channel: 'feed-page',
      from: data.from,
      crns: crnsOf(data.events),
      events: [...data.events],
      detail: { after: data.after, next: data.next },
    };
  }
  if (recorded.type === TOPIC_MESSAGES_SENT) {
    const { data, actor, occurredAt } = readLoggedAuditEvent(TOPIC_MESSAGES_SENT, recorded);
    return {
      at: occurredAt,
      actor,
      record,
      provider,
      channel: 'topic',
      from: null,
      crns: crnsOf(data.events),
      events: [...data.events],
      detail: { topic: data.topic },
    };
  }
  return undefined;
}

export interface DisclosureFilter {
  readonly provider?: string;
  readonly crn?: string;
  /** From this moment on (ISO-8601, inclusive). */
  readonly from?: string;
  /** Before this moment (ISO-8601, exclusive). */
  readonly to?: string;
}

/** One page of the disclosure log, newest first, and how many entries match in all. */
export async function listDisclosures(
  db: SqlDatabase,
  filter: DisclosureFilter,
  page: { limit: number; offset: number },
): Promise<{ total: number; entries: DisclosureEntry[] }> {
  const clauses: string[] = [];
  const parameters: SqlValue[] = [];
  for (const [clause, value] of [
    ['provider = ?', filter.provider],
    ['at >= ?', filter.from],
    ['at < ?', filter.to],
    ['position IN (SELECT position FROM disclosure_cases WHERE crn = ?)', filter.crn],
  ] as const) {
    if (value === undefined) continue;
    clauses.push(clause);
    parameters.push(value);
  }
  const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
  const [count, rows] = await Promise.all([
    db.get<{ total: number | string }>(`SELECT COUNT(*) AS total FROM disclosures ${where}`, parameters),
    db.all<{ entry: string }>(`SELECT entry FROM disclosures ${where} ORDER BY position DESC LIMIT ? OFFSET ?`, [
      ...parameters,
      page.limit,
      page.offset,
    ]),
  ]);
  return { total: Number(count?.total ?? 0), entries: rows.map((row) => JSON.parse(row.entry) as DisclosureEntry) };
}
