import type { AllocateCase } from './case.commands';
import { MappaLevelNotAllowedError } from './case.errors';
import type { MappaStatus } from './vocabulary';
import { actors, allocateCommand, caseAllocated, caseReassessed, CRN, given, history, mappaChanged, recordMappaChange } from '../testing';

type AllocationFacts = Partial<Pick<AllocateCase['payload'], 'rosh' | 'mappa' | 'exceptionalPublicInterest'>>;

const publicInterest = { reason: 'Very high profile: sustained national press interest', authorisedBy: actors.aco.id };

/** The default case (CRC07's area, MEDIUM RoSH, no MAPPA) with these facts; exceptional public interest on an ACO's authority, with a reason. */
function allocating(facts: AllocationFacts): AllocateCase {
  return facts.exceptionalPublicInterest
    ? allocateCommand({ ...facts, publicInterestReason: publicInterest.reason }, CRN, actors.aco)
    : allocateCommand(facts);
}

/** The allocation recorded for those facts, its outcome and reason stated in full (never derived from the policy under test). */
function allocated(facts: AllocationFacts, decision: { allocatedTo: string; reason: string }) {
  const authorised = facts.exceptionalPublicInterest === true;
  return caseAllocated(
    { ...facts, ...decision, publicInterest: authorised ? publicInterest : null },
    { by: authorised ? actors.aco : actors.officer },
  );
}

const notMappa = (rosh: string) => `Allocated to CRC07: not MAPPA, risk of serious harm ${rosh}, no exceptional public interest`;

/**
 * Initial allocation: the public service keeps MAPPA cases, high and very high risk of serious harm, and
 * (exceptionally) cases with a public-interest reason; everything else goes to the area's provider.
 */
describe('allocating a case', () => {
  it.each([
    [{ mappa: { category: 1, level: 1 } as const }, 'Retained by the public service: managed under MAPPA (category 1, level 1)'],
    [{ rosh: 'HIGH' as const }, 'Retained by the public service: risk of serious harm is HIGH'],
    [{ rosh: 'VERY_HIGH' as const }, 'Retained by the public service: risk of serious harm is VERY_HIGH'],
    [{ exceptionalPublicInterest: true }, 'Retained by the public service: exceptional public interest'],
  ])('keeps %j with the public service', (facts, reason) => {
    given()
      .when(allocating(facts))
      .then(allocated(facts, { allocatedTo: 'NPS', reason }));
  });

  it('records every reason that applies', () => {
    const facts = { rosh: 'VERY_HIGH', mappa: { category: 2, level: 3 }, exceptionalPublicInterest: true } as const;
    given()
      .when(allocating(facts))
      .then(
        allocated(facts, {
          allocatedTo: 'NPS',
          reason:
            'Retained by the public service: managed under MAPPA (category 2, level 3); risk of serious harm is VERY_HIGH; exceptional public interest',
        }),
      );
  });

  it.each(['LOW', 'MEDIUM'] as const)('allocates a %s RoSH case without MAPPA to the provider', (rosh) => {
    given()
      .when(allocating({ rosh }))
      .then(allocated({ rosh }, { allocatedTo: 'CRC07', reason: notMappa(rosh) }));
  });
});

/** MAPPA category 3 (other dangerous offenders) is managed at level 2 or 3 only; categories 1 and 2 at any level. */
describe('MAPPA category and level', () => {
  const categoryThreeAtLevelOne = (error: MappaLevelNotAllowedError) =>
    expect(error.message).toBe('MAPPA category 3 is managed at level 2 or 3 only, not level 1');

  it('refuses category 3 at level 1, at allocation and as a later change', () => {
    given()
      .when(allocateCommand({ mappa: { category: 3, level: 1 } }))
      .thenThrows(MappaLevelNotAllowedError, categoryThreeAtLevelOne);
    given(...history(allocateCommand()))
      .when(recordMappaChange({ category: 3, level: 1 }))
      .thenThrows(MappaLevelNotAllowedError, categoryThreeAtLevelOne);
  });

  it.each([
    [3, 2],
    [3, 3],
    [1, 1],
    [2, 1],
    [1, 3],
  ] as const)('takes category %s at level %s, at allocation and as a later change', (category, level) => {
    const mappa: MappaStatus = { category, level };
    const reason = `managed under MAPPA (category ${category}, level ${level})`;
    given()
      .when(allocateCommand({ mappa }))
      .then(caseAllocated({ mappa, allocatedTo: 'NPS', reason: `Retained by the public service: ${reason}` }));
    given(...history(allocateCommand()))
      .when(recordMappaChange(mappa))
      .then(mappaChanged({ mappa }), caseReassessed({ trigger: 'MAPPA_CHANGE', reason: `Moves to the public service: ${reason}` }));
  });

  it('takes no MAPPA at all, at allocation and as the end of a registration', () => {
    given()
      .when(allocateCommand({ mappa: null }))
      .then(caseAllocated({ mappa: null, allocatedTo: 'CRC07', reason: notMappa('MEDIUM') }));
    given(...history(allocateCommand({ mappa: { category: 3, level: 2 } })))
      .when(recordMappaChange(null))
      .then(
        mappaChanged({ mappa: null, previous: { category: 3, level: 2 } }),
        caseReassessed({
          trigger: 'MAPPA_CHANGE',
          outcome: 'STAYS_WITH_NPS',
          fromProvider: null,
          reason:
            'Stays with the public service: a case it manages stays with it when its risk decreases (now not MAPPA, risk of serious harm MEDIUM, no exceptional public interest)',
        }),
      );
  });
});
