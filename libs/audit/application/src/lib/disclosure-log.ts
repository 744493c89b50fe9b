import { randomUUID } from 'node:crypto';
import type { DisclosedEvent, DisclosureRecorder } from '@escalation-hub/casework-application';
import type { Actor } from '@escalation-hub/casework-domain';
import type { EventLog, RecordedEvent, SqlProjection } from '@escalation-hub/event-store';
import type { SqlDatabase, SqlValue } from '@escalation-hub/sql';
import { CASE_READ } from './access-log';
import { CoalescingAppender } from './coalescing-appender';

/**
 * The disclosure log: what went to each provider, recorded before it went, as the Data Protection Act
 * 2018 s.62 asks of law-enforcement processing (who, what, when). Feed pages and messages on a
 * provider's topic are events of the provider's own stream, `disclosures-<provider>`, one per page or
 * per batch of messages naming every event it carried; a provider's read of a case is a `case.read`
 * in the case's access stream, beside staff reads. None of it touches a case's own stream.
 */
export const FEED_PAGE_SERVED = 'provider-feed.page-served';
export const TOPIC_MESSAGES_SENT = 'provider-topic.messages-sent';

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
    await this.append(
      provider,
      FEED_PAGE_SERVED,
      { ...page.actor },
      {
        after: page.after,
        next: page.next,
        events: page.events.map(disclosedEvent),
        from: page.from,
        userAgent: page.userAgent,
      },
    );
  }

  /** Messages about to be sent on a provider's topic (a resend after a broker failure is recorded again). */
  async recordTopicMessages(provider: string, topic: string, events: readonly DisclosedEvent[]): Promise<void> {
    await this.append(provider, TOPIC_MESSAGES_SENT, { ...OUTBOX_ACTOR }, { topic, events: events.map(disclosedEvent) });
  }

  private async append(provider: string, type: string, actor: Actor, data: Record<string, unknown>): Promise<void> {
    await this.appender.append(disclosureStreamFor(provider), {
      id: randomUUID(),
      type,
      data: JSON.parse(JSON.stringify(data)),
      metadata: { actor: { ...actor }, occurredAt: this.clock().toISOString() },
    });
  }
}

function disclosedEvent(event: DisclosedEvent): DisclosedEvent {
  return event.cursor === undefined
    ? { id: event.id, crn: event.crn, type: event.type }
    : { id: event.id, crn: event.crn, type: event.type, cursor: event.cursor };
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

/** Reads a recorded event as a disclosure, or undefined if it is none. */
export function disclosureEntryOf(recorded: RecordedEvent): DisclosureEntry | undefined {
  const metadata = recorded.metadata as unknown as { actor: Actor; occurredAt: string };
  const data = recorded.data as Record<string, unknown>;
  const record = { stream: recorded.streamName, revision: recorded.streamVersion, position: recorded.position, hash: recorded.hash };
  const base = { at: metadata.occurredAt, actor: metadata.actor, record };
  if (recorded.type === CASE_READ && recorded.streamName.startsWith('access-')) {
    if (metadata.actor?.role !== 'provider') return undefined;
    return {
      ...base,
      provider: metadata.actor.provider ?? '',
      channel: 'case-read',
      from: String(data['from'] ?? ''),
      crns: [recorded.streamName.slice('access-'.length)],
      events: (data['disclosed'] ?? []) as DisclosedEvent[],
      detail: { view: data['view'], query: data['query'] },
    };
  }
  if (!recorded.streamName.startsWith('disclosures-')) return undefined;
  const provider = recorded.streamName.slice('disclosures-'.length);
  const events = (data['events'] ?? []) as DisclosedEvent[];
  const crns = [...new Set(events.map((event) => event.crn))];
  if (recorded.type === FEED_PAGE_SERVED) {
    return {
      ...base,
      provider,
      channel: 'feed-page',
      from: String(data['from'] ?? ''),
      crns,
      events,
      detail: { after: data['after'], next: data['next'] },
    };
  }
  if (recorded.type === TOPIC_MESSAGES_SENT) {
    return { ...base, provider, channel: 'topic', from: null, crns, events, detail: { topic: data['topic'] } };
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
