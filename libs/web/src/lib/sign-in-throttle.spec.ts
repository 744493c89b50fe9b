import { SignInThrottle } from './sign-in-throttle';

describe('SignInThrottle', () => {
  const minute = 60_000;

  it('makes an address wait after five failures for one name, until the oldest is fifteen minutes old', () => {
    const throttle = new SignInThrottle();
    for (let i = 0; i < 4; i += 1) throttle.failed('jo.officer', '10.0.0.1', i * minute);
    expect(throttle.waitFor('jo.officer', '10.0.0.1', 4 * minute)).toBe(0);
    throttle.failed('Jo.Officer', '10.0.0.1', 4 * minute);
    expect(throttle.waitFor('jo.officer', '10.0.0.1', 5 * minute)).toBe(10 * minute);
    // Another address, or another name from this one, is not held back by it.
    expect(throttle.waitFor('jo.officer', '10.0.0.2', 5 * minute)).toBe(0);
    expect(throttle.waitFor('sam.auditor', '10.0.0.1', 5 * minute)).toBe(0);
    expect(throttle.waitFor('jo.officer', '10.0.0.1', 15 * minute + 1)).toBe(0);
  });

  it('limits an address across names, and forgets a name once its person signs in', () => {
    const throttle = new SignInThrottle({ perName: 5, perAddress: 3, windowMs: 15 * minute, maxKeys: 100 });
    throttle.failed('a', '10.0.0.1', 0);
    throttle.failed('b', '10.0.0.1', 0);
    throttle.failed('c', '10.0.0.1', 0);
    expect(throttle.waitFor('d', '10.0.0.1', minute)).toBe(14 * minute);

    const pair = new SignInThrottle({ perName: 2, perAddress: 100, windowMs: 15 * minute, maxKeys: 100 });
    pair.failed('jo', '10.0.0.1', 0);
    pair.succeeded('jo', '10.0.0.1');
    pair.failed('jo', '10.0.0.1', 0);
    expect(pair.waitFor('jo', '10.0.0.1', 0)).toBe(0);
  });

  it('keeps a bounded memory: in a flood of other addresses the oldest counts are dropped first', () => {
    const throttle = new SignInThrottle({ perName: 2, perAddress: 20, windowMs: 15 * minute, maxKeys: 10 });
    throttle.failed('jo', '10.0.0.1', 0);
    throttle.failed('jo', '10.0.0.1', 0);
    expect(throttle.waitFor('jo', '10.0.0.1', 0)).toBe(15 * minute);
    for (let i = 2; i < 100; i += 1) throttle.failed(`name-${i}`, `10.0.0.${i}`, 0);
    expect(throttle.waitFor('jo', '10.0.0.1', 0)).toBe(0);
    throttle.failed('name-99', '10.0.0.99', 0);
    expect(throttle.waitFor('name-99', '10.0.0.99', 0)).toBe(15 * minute);
  });
});
