import { MappaLevelNotAllowedError } from './case.errors';
import type { MappaStatus, ReassessmentOutcome, RoshLevel } from './vocabulary';
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
  const reasons = publicServiceReasons(facts);
  if (reasons.length > 0) return { allocatedTo: NPS, reason: `Retained by the public service: ${reasons.join('; ')}` };
  return { allocatedTo: facts.provider, reason: `Allocated to ${facts.provider}: ${providerGrounds(facts)}` };
}

/** Every reason the public service must manage a case with these facts; none: the provider may. */
function publicServiceReasons(facts: Omit<AllocationFacts, 'provider'>): string[] {
  const reasons: string[] = [];
  if (facts.mappa) reasons.push(`managed under MAPPA (category ${facts.mappa.category}, level ${facts.mappa.level})`);
  if (facts.rosh === 'HIGH' || facts.rosh === 'VERY_HIGH') reasons.push(`risk of serious harm is ${facts.rosh}`);
  if (facts.exceptionalPublicInterest) reasons.push('exceptional public interest');
  return reasons;
}

function providerGrounds(facts: Omit<AllocationFacts, 'provider'>): string {
  return `not MAPPA, risk of serious harm ${facts.rosh}, no exceptional public interest`;
}

export interface ReassessmentDecision {
  readonly outcome: ReassessmentOutcome;
  readonly managedBy: string;
  readonly reason: string;
}

/**
 * The allocation policy applied again, on the public service's own initiative, to a case someone
 * already manages: a provider's case whose facts now call for the public service moves to it; a case
 * the public service manages stays with it even when its risk falls (the 2013 MoJ briefing in seed
 * 000, line 14: cases "in which risk subsequently is assessed as decreasing" are retained); anything
 * else stays with its provider. The outcome is always recorded with its reason, never left as silence.
 */
export function reassessCase(facts: Omit<AllocationFacts, 'provider'> & { readonly managedBy: string }): ReassessmentDecision {
  const reasons = publicServiceReasons(facts);
  if (facts.managedBy === NPS) {
    return reasons.length > 0
      ? { outcome: 'STAYS_WITH_NPS', managedBy: NPS, reason: `Stays with the public service: ${reasons.join('; ')}` }
      : {
          outcome: 'STAYS_WITH_NPS',
          managedBy: NPS,
          reason: `Stays with the public service: a case it manages stays with it when its risk decreases (now ${providerGrounds(facts)})`,
        };
  }
  if (reasons.length > 0) return { outcome: 'MOVED_TO_NPS', managedBy: NPS, reason: `Moves to the public service: ${reasons.join('; ')}` };
  return { outcome: 'STAYS_WITH_PROVIDER', managedBy: facts.managedBy, reason: `Stays with ${facts.managedBy}: ${providerGrounds(facts)}` };
}

/** MAPPA category 3 (other dangerous offenders) is managed at level 2 or 3 only; categories 1 and 2 at any level. */
export function assertMappaAllowed(mappa: MappaStatus | null): void {
  if (mappa && mappa.category === 3 && mappa.level === 1) throw new MappaLevelNotAllowedError(mappa.category, mappa.level);
}
