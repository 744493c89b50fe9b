import type { Actor } from '@escalation-hub/casework-domain';

/** What the casework application needs from its composition, as injection tokens. */

/** The current time. Injected so tests and replays control it. */
export const CLOCK = Symbol('CLOCK');
export type Clock = () => Date;

/**
 * Read-your-writes. A command waits for the read models its caller reads next (`waitFor`); a read
 * waits for its own read models to show what is stored already (`waitForStore`), so one person sees
 * another's write as soon as it is acknowledged. Both give up after a short timeout: a lagging read
 * model delays an answer, never loses a write. `readModels` names them (all when omitted).
 */
export const READ_MODEL_FRESHNESS = Symbol('READ_MODEL_FRESHNESS');
export interface ReadModelFreshness {
  waitFor(position: number, readModels?: readonly string[]): Promise<void>;
  waitForStore(readModels?: readonly string[]): Promise<void>;
}

/** How often the overdue scheduler looks for items past their due time. */
export const OVERDUE_SCAN_INTERVAL_MS = Symbol('OVERDUE_SCAN_INTERVAL_MS');

/** How long, in seconds, a claim on an item lasts before the overdue scheduler frees the item (HUB_CLAIM_EXPIRY_MINUTES). */
export const CLAIM_EXPIRY_SECONDS = Symbol('CLAIM_EXPIRY_SECONDS');

/** Where reads of a case by staff and auditors are recorded (the audit access log). */
export const CASE_READS = Symbol('CASE_READS');
export interface CaseReadRecorder {
  record(read: {
    crn: string;
    actor: Actor;
    view: string;
    query: Record<string, string>;
    from: string;
    userAgent: string | null;
    /** For a provider's read: the provider events its answer was made of. */
    disclosed?: readonly DisclosedEvent[];
  }): Promise<void>;
}

/**
 * Whether this process runs the hub's background work now. Several processes may share one
 * database; only the one holding its lease runs the overdue scheduler (and the projectors).
 */
export const LEADERSHIP = Symbol('LEADERSHIP');
export interface Leadership {
  isLeader(): boolean;
}

/** One provider event as it left the hub: enough to say later exactly what a provider was shown. */
export interface DisclosedEvent {
  readonly id: string;
  readonly crn: string;
  readonly type: string;
  /** The feed cursor it was served under (feed pages only). */
  readonly cursor?: string;
}

/** Where what goes to providers is recorded before it goes (the disclosure log, DPA 2018 s.62). */
export const PROVIDER_DISCLOSURES = Symbol('PROVIDER_DISCLOSURES');
export interface DisclosureRecorder {
  /** A feed page a provider is about to be given. */
  recordFeedPage(page: {
    actor: Actor;
    after: string;
    next: string;
    events: readonly DisclosedEvent[];
    from: string;
    userAgent: string | null;
  }): Promise<void>;
}

/** The contracted providers the hub deals with: a case can be allocated only to one of them. */
export const KNOWN_PROVIDERS = Symbol('KNOWN_PROVIDERS');
export interface KnownProviders {
  isKnown(provider: string): Promise<boolean>;
}
