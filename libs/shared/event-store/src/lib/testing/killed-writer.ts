import type { ChildProcess } from 'node:child_process';

/**
 * For the SIGKILL tests: reads the ids a writing process prints (one JSON array per acknowledged
 * append, a line each, on its stdout), kills it with SIGKILL once it has acknowledged `atLeast`, and
 * resolves, after it has exited, with every id it said was stored.
 */
export async function acknowledgedBeforeSigkill(child: ChildProcess, atLeast: number): Promise<string[]> {
  const acked: string[] = [];
  let buffered = '';
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) acked.push(...(JSON.parse(line) as string[]));
    if (acked.length >= atLeast && !child.killed) child.kill('SIGKILL');
  });
  const code = await exited;
  // A writer that stopped by itself never reached the point the test is about.
  if (!child.killed) throw new Error(`The writer exited by itself (code ${String(code)}) after ${acked.length} acknowledged appends`);
  return acked;
}
