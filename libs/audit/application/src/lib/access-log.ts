import { randomUUID } from 'node:crypto';
import type { EventLog, JsonObject, RecordedEvent } from '@escalation-hub/event-store';
import type { Actor } from '@escalation-hub/casework-domain';
import type { DisclosedEvent } from '@escalation-hub/casework-application';
import { CoalescingAppender } from './coalescing-appender';
import { assertValidAuditEvent, auditSchemaVersionMetadata, LoggedAuditEventType, readLoggedAuditEvent } from './audit-event.schemas';

export const CASE_READ = 'case.read' satisfies LoggedAuditEventType;

/** What was read, by whom, how, from where. */
export interface CaseRead {
  readonly crn: string;
  readonly actor: Actor;
  /** e.g. 'case', 'timeline', 'timeline.csv', 'timeline.html', 'state', 'verify', 'access-log'. */
  readonly view: string;
  /** The query that shaped it (asOf, revision, format), as sent. */
  readonly query: Record<string, string>;
  readonly from: string;
  readonly userAgent: string | null;
  /** A provider's read: the provider events its answer was made of. */
  readonly disclosed?: readonly DisclosedEvent[];
}

export interface AccessLogEntry extends CaseRead {
  readonly at: string;
  readonly position: number;
}

/** The access log of a case lives in its own stream, beside the case's: reading never changes the case's revision. */
export function accessStreamFor(crn: string): string {
  return `access-${crn}`;
}

/**
 * Records every read of a case by public-service staff and auditors as an event in the case's access
 * stream: kept for ever, hash-chained like everything else, and durable before the read is answered.
 */
export class AccessLog {
  private readonly appender: CoalescingAppender;

  constructor(
    private readonly log: EventLog,
    private readonly clock: () => Date,
  ) {
    this.appender = new CoalescingAppender(log);
  }

  async record(read: CaseRead): Promise<void> {
    const at = this.clock().toISOString();
    const data: JsonObject = {
      view: read.view,
      query: Object.fromEntries(Object.entries(read.query)),
      from: read.from,
      userAgent: read.userAgent,
    };
    if (read.disclosed)
      data['disclosed'] = read.disclosed.map(
        ({ id, crn, type, cursor }): JsonObject => (cursor ? { id, crn, type, cursor } : { id, crn, type }),
      );
    const event = {
      id: randomUUID(),
      type: CASE_READ,
      data,
      metadata: { actor: actorData(read.actor), occurredAt: at, ...auditSchemaVersionMetadata(CASE_READ) },
    };
    await this.appender.append(accessStreamFor(read.crn), assertValidAuditEvent(event));
  }

  async entries(crn: string): Promise<AccessLogEntry[]> {
    const entries: AccessLogEntry[] = [];
    for await (const recorded of this.log.iterateStream(accessStreamFor(crn))) entries.push(entryOf(crn, recorded));
    return entries;
  }

  /** How many reads of the case are recorded. */
  async count(crn: string): Promise<number> {
    const [newest] = await this.log.readStream(accessStreamFor(crn), { direction: 'backwards', maxCount: 1 });
    return newest ? newest.streamVersion + 1 : 0;
  }

  /** One page of the log, newest first: skip the `offset` newest reads, then up to `limit`. */
  async newestFirst(crn: string, page: { limit: number; offset: number }): Promise<AccessLogEntry[]> {
    const total = await this.count(crn);
    if (page.offset >= total) return [];
    const recorded = await this.log.readStream(accessStreamFor(crn), {
      direction: 'backwards',
      fromVersion: total - 1 - page.offset,
      maxCount: page.limit,
    });
    return recorded.map((event) => entryOf(crn, event));
  }
}

/** The actor as recorded: its id, role and (a provider's) provider, nothing else. */
export function actorData(actor: Actor): JsonObject {
  return actor.provider === undefined ? { id: actor.id, role: actor.role } : { id: actor.id, role: actor.role, provider: actor.provider };
}

/** A stored read, checked against its schema (refused if this release cannot read it). */
function entryOf(crn: string, recorded: RecordedEvent): AccessLogEntry {
  const { data, actor, occurredAt } = readLoggedAuditEvent(CASE_READ, recorded);
  return {
    crn,
    actor,
    at: occurredAt,
    position: recorded.position,
    view: data.view,
    query: data.query,
    from: data.from,
    userAgent: data.userAgent,
    ...(data.disclosed ? { disclosed: data.disclosed } : {}),
  };
}
