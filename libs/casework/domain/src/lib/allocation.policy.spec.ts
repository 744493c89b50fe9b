import { MappaLevelNotAllowedError } from './case.errors';
import { allocateCase, assertMappaAllowed } from './allocation.policy';

describe('allocateCase', () => {
  const base = { provider: 'CRC07', rosh: 'MEDIUM', mappa: null, exceptionalPublicInterest: false } as const;

  it.each([
    [{ mappa: { category: 1, level: 1 } as const }, 'managed under MAPPA (category 1, level 1)'],
    [{ rosh: 'HIGH' as const }, 'risk of serious harm is HIGH'],
    [{ rosh: 'VERY_HIGH' as const }, 'risk of serious harm is VERY_HIGH'],
    [{ exceptionalPublicInterest: true }, 'exceptional public interest'],
  ])('keeps %j with the public service', (facts, reason) => {
    expect(allocateCase({ ...base, ...facts })).toEqual({ allocatedTo: 'NPS', reason: expect.stringContaining(reason) });
  });

  it('records every reason that applies', () => {
    const { reason } = allocateCase({ ...base, rosh: 'VERY_HIGH', mappa: { category: 2, level: 3 }, exceptionalPublicInterest: true });
    expect(reason).toBe(
      'Retained by the public service: managed under MAPPA (category 2, level 3); risk of serious harm is VERY_HIGH; exceptional public interest',
    );
  });

  it.each(['LOW', 'MEDIUM'] as const)('allocates a %s RoSH case without MAPPA to the provider', (rosh) => {
    expect(allocateCase({ ...base, rosh })).toEqual({ allocatedTo: 'CRC07', reason: expect.stringContaining('Allocated to CRC07') });
  });
});

describe('assertMappaAllowed', () => {
  it('manages MAPPA category 3 at level 2 or 3 only; categories 1 and 2 at any level', () => {
    expect(() => assertMappaAllowed({ category: 3, level: 1 })).toThrow(MappaLevelNotAllowedError);
    for (const [category, level] of [
      [3, 2],
      [3, 3],
      [1, 1],
      [2, 1],
      [1, 3],
    ] as const)
      expect(() => assertMappaAllowed({ category, level })).not.toThrow();
    expect(() => assertMappaAllowed(null)).not.toThrow();
  });
});
