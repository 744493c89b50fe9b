/** What a token's or a person's name may be: it is recorded as the actor of everything they do. */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/;

/** Names the hub records for its own work (hub-scheduler, hub-integrity, hub-outbox, …): nobody else may take one. */
const RESERVED_PREFIX = /^hub-/i;

/** Why `name` cannot name a principal, or undefined if it can. */
export function principalNameProblem(name: string): string | undefined {
  if (!NAME_PATTERN.test(name)) return '--name must be 2–64 letters, digits, dots, dashes or underscores';
  if (RESERVED_PREFIX.test(name))
    return '--name may not start with "hub-": those names are the hub’s own (its scheduler, integrity checkpoints, outbox)';
  return undefined;
}
