import { jsonNestedTooDeep, MAX_JSON_DEPTH } from './json-body';

const nested = (levels: number): unknown => {
  let value: unknown = 'leaf';
  for (let level = 0; level < levels; level += 1) value = level % 2 ? [value] : { next: value };
  return value;
};

describe('jsonNestedTooDeep', () => {
  it('allows nesting up to the limit and refuses one level more', () => {
    expect(jsonNestedTooDeep(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonNestedTooDeep(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonNestedTooDeep({ a: 1, b: [1, 2, { c: null }] })).toBe(false);
    expect(jsonNestedTooDeep('text')).toBe(false);
  });

  it('measures any depth without overflowing the stack', () => {
    expect(jsonNestedTooDeep(nested(200_000))).toBe(true);
  });
});
