import { jsonShapeProblem, MAX_JSON_DEPTH } from './json-body';

const nested = (levels: number): string => {
  let value: unknown = 'leaf';
  for (let level = 0; level < levels; level += 1) value = level % 2 ? [value] : { next: value };
  return JSON.stringify(value);
};

describe('jsonShapeProblem', () => {
  it('allows nesting up to the limit and refuses one level more', () => {
    expect(jsonShapeProblem(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(jsonShapeProblem(nested(MAX_JSON_DEPTH + 1))).toBe(`objects or arrays are nested more than ${MAX_JSON_DEPTH} levels deep`);
    expect(jsonShapeProblem('{"a":1,"b":[1,2,{"c":null}]}')).toBeUndefined();
    expect(jsonShapeProblem('"text"')).toBeUndefined();
  });

  it('measures any depth without overflowing the stack', () => {
    expect(jsonShapeProblem('['.repeat(200_000) + ']'.repeat(200_000))).toMatch(/nested more than/);
  });

  it('refuses a key given twice in one object, however it is escaped', () => {
    expect(jsonShapeProblem('{"a":1,"a":2}')).toBe('the key "a" appears twice in one object');
    expect(jsonShapeProblem('{"ab":1,"\\u0061b":2}')).toBe('the key "ab" appears twice in one object');
    expect(jsonShapeProblem('{"x":{"a":1},"y":{"a":2},"a":[{"a":1},{"a":2}]}')).toBeUndefined();
  });

  it('refuses keys that name the object machinery, also escaped', () => {
    expect(jsonShapeProblem('{"__proto__":{"admin":true}}')).toBe('the key "__proto__" is not allowed');
    expect(jsonShapeProblem('{"a":[{"constructor":{}}]}')).toBe('the key "constructor" is not allowed');
    expect(jsonShapeProblem('{"\\u005f_proto__":1}')).toBe('the key "__proto__" is not allowed');
  });

  it('answers a key it cannot read as a refusal, never by throwing', () => {
    expect(jsonShapeProblem('{"\\u00":1}')).toBe('a key is not a valid JSON string');
  });

  it('reads strings as strings: braces, quotes and key-like text inside values change nothing', () => {
    expect(jsonShapeProblem('{"a":"{\\"a\\":1,\\"a\\":2} __proto__ [[[","b":"\\\\","c":["a","a"]}')).toBeUndefined();
  });
});
