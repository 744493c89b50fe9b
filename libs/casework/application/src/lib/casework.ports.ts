/** What the casework application needs from its composition, as injection tokens. */

/** The current time. Injected so tests and replays control it. */
export const CLOCK = Symbol('CLOCK');
export type Clock = () => Date;

/** Lets a command's caller read its own writes: resolves once every read model has applied `position`. */
export const READ_MODEL_FRESHNESS = Symbol('READ_MODEL_FRESHNESS');
export interface ReadModelFreshness {
  waitFor(position: number): Promise<void>;
}

/** How often the overdue scheduler looks for items past their due time. */
export const OVERDUE_SCAN_INTERVAL_MS = Symbol('OVERDUE_SCAN_INTERVAL_MS');
