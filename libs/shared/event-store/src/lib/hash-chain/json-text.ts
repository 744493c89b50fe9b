/** Far deeper than any body the API takes (three levels at most); deeper ones are refused before validation, which recurses. */
export const MAX_JSON_DEPTH = 20;
/** Keys that name JavaScript's object machinery: never data, and dangerous to any code that merges objects. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Why a JSON text is refused although it parses, or undefined if it is fine: objects or arrays nested
 * more than `maxDepth` levels, a key given twice in one object (JSON.parse would silently keep the last,
 * so two readers could disagree on what was sent), or a key from `FORBIDDEN_KEYS`. Call it on text
 * JSON.parse accepted. One pass, iterative: no depth can overflow it.
 */
export function jsonShapeProblem(text: string, maxDepth = MAX_JSON_DEPTH): string | undefined {
  // One entry per open object (the keys seen so far) or array (null).
  const open: (Set<string> | null)[] = [];
  let expectingKey = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '"') {
      const start = index;
      let escaped = false;
      for (index += 1; index < text.length && (text[index] !== '"' || escaped); index += 1) escaped = !escaped && text[index] === '\\';
      const keys = open[open.length - 1];
      if (!expectingKey || !keys) continue;
      const raw = text.slice(start, index + 1);
      let key: string;
      try {
        key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      } catch {
        return 'a key is not a valid JSON string';
      }
      if (FORBIDDEN_KEYS.has(key)) return `the key "${key}" is not allowed`;
      if (keys.has(key)) return `the key "${key}" appears twice in one object`;
      keys.add(key);
    } else if (char === '{' || char === '[') {
      open.push(char === '{' ? new Set() : null);
      if (open.length > maxDepth) return `objects or arrays are nested more than ${maxDepth} levels deep`;
      expectingKey = char === '{';
    } else if (char === '}' || char === ']') {
      open.pop();
      expectingKey = false;
    } else if (char === ',') {
      expectingKey = open[open.length - 1] !== null;
    } else if (char === ':') {
      expectingKey = false;
    }
  }
  return undefined;
}


/** JSON.parse, refusing what `jsonShapeProblem` refuses: for evidence, where two readers must agree on every value. */
export function parseStrictJson(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  const value: unknown = JSON.parse(text);
  const problem = jsonShapeProblem(text, maxDepth);
  if (problem) throw new SyntaxError(problem);
  return value;
}
