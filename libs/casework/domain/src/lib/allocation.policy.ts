import { MappaLevelNotAllowedError } from './case.errors';
import type { MappaStatus, RoshLevel } from './vocabulary';
import { NPS } from './vocabulary';

export interface AllocationFacts {
  readonly provider: string;
  readonly rosh: RoshLevel;
  readonly mappa: MappaStatus | null;
  readonly exceptionalPublicInterest: boolean;
}

export interface AllocationDecision {
  /** 'NPS' or the contracted provider's code. */
  readonly allocatedTo: string;
  readonly reason: string;
}

/**
 * Initial case allocation: the public service keeps MAPPA cases, high and very high risk of
 * serious harm, and (exceptionally) cases with a public-interest reason; everything else goes to
 * the contracted provider for the area. Every reason that applies is recorded.
 */
export function allocateCase(facts: AllocationFacts): AllocationDecision {
  const reasons: string[] = [];
  if (facts.mappa) reasons.push(`managed under MAPPA (category ${facts.mappa.category}, level ${facts.mappa.level})`);
  if (facts.rosh === 'HIGH' || facts.rosh === 'VERY_HIGH') reasons.push(`risk of serious harm is ${facts.rosh}`);
  if (facts.exceptionalPublicInterest) reasons.push('exceptional public interest');
  if (reasons.length > 0) return { allocatedTo: NPS, reason: `Retained by the public service: ${reasons.join('; ')}` };
  return {
    allocatedTo: facts.provider,
    reason: `Allocated to ${facts.provider}: not MAPPA, risk of serious harm ${facts.rosh}, no exceptional public interest`,
  };
}

/** MAPPA category 3 (other dangerous offenders) is managed at level 2 or 3 only; categories 1 and 2 at any level. */
export function assertMappaAllowed(mappa: MappaStatus | null): void {
  if (mappa && mappa.category === 3 && mappa.level === 1) throw new MappaLevelNotAllowedError(mappa.category, mappa.level);
}
