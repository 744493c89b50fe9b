import type { Response } from 'express';

/** Entries serialised between two turns of the event loop: small enough that nobody else waits long. */
const SLICE = 100;

/**
 * Sends `{ ...head, [listKey]: list }` as JSON, serialising the list a slice at a time and letting other
 * requests run in between, and waiting when the client reads slower than the hub writes. One large
 * answer (a case's whole timeline) then delays other users by a slice, not by the whole answer.
 */
export async function sendStreamedJson(
  response: Response,
  head: Record<string, unknown>,
  listKey: string,
  list: readonly unknown[],
): Promise<void> {
  response.type('application/json; charset=utf-8');
  const opening = JSON.stringify({ ...head, [listKey]: [] }).slice(0, -2);
  response.write(opening);
  for (let start = 0; start < list.length; start += SLICE) {
    if (response.destroyed) return;
    const slice = list
      .slice(start, start + SLICE)
      .map((entry) => JSON.stringify(entry))
      .join(',');
    const flushed = response.write(start === 0 ? slice : `,${slice}`);
    if (!flushed) await drainedOrClosed(response);
    else await new Promise((next) => setImmediate(next));
  }
  response.end(']}');
}

/** Resolves when the response can take more, or is gone; leaves no listener behind either way. */
function drainedOrClosed(response: Response): Promise<void> {
  return new Promise((resume) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resume();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}
