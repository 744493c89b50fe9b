import { NPS } from './vocabulary';

/** Who managed a case over a stretch of time: 'NPS' or a provider's code; `until` is null while it still does. */
export interface ManagementPeriod {
  readonly managedBy: string;
  readonly from: string;
  readonly until: string | null;
}

/** The periods after the case moves to `managedBy` at `at`: the open one closes, a new one opens. */
export function nextManagementPeriods(periods: readonly ManagementPeriod[], managedBy: string, at: string): ManagementPeriod[] {
  const current = periods[periods.length - 1];
  if (current && current.managedBy === managedBy) return [...periods];
  const closed = current ? [...periods.slice(0, -1), { ...current, until: at }] : [];
  return [...closed, { managedBy, from: at, until: null }];
}

/**
 * What a provider may do with a case, by who managed it when (docs/casework.md, "Who sees what"):
 * - `managing`: it manages the case now: it reads it and posts for it;
 * - `formerly`: the case has left it: it still reads its own requests and the decisions on them, up to
 *   the move, and may retry a request it made then, but posts nothing new;
 * - `never`: a case it never managed (kept by the public service from the start, or another
 *   provider's) does not exist for it.
 */
export type ProviderAccess = 'managing' | 'formerly' | 'never';

export function providerAccess(periods: readonly ManagementPeriod[], provider: string): ProviderAccess {
  if (provider === NPS) return 'never';
  const current = periods[periods.length - 1];
  if (current?.managedBy === provider) return 'managing';
  return periods.some((period) => period.managedBy === provider) ? 'formerly' : 'never';
}
