/** Small helpers shared by the benchmark scripts. */
import { ChildProcess, execFileSync, spawn, StdioOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Starts bench/hub-variants.server.ts (the hub from sources) on `dataDir` and `port`, with the
 * variant's switches (`WITHOUT_DISCLOSURE_LOG`, `NOOP_ESCALATIONS`) and no per-token rate limit.
 */
export function spawnHubVariant(dataDir: string, port: number, variant: Record<string, string>, stdio: StdioOptions): ChildProcess {
  return spawn(process.execPath, ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register', join(__dirname, 'hub-variants.server.ts')], {
    env: {
      ...process.env,
      PORT: String(port),
      HUB_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      HUB_TOKEN_RATE_LIMIT: '0',
      TS_NODE_PROJECT: join(resolve(__dirname, '..'), 'tsconfig.base.json'),
      ...variant,
    },
    stdio,
  });
}

export function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

export function formatRate(perSecond: number, unit: string): string {
  return `${Math.round(perSecond).toLocaleString('en-GB')} ${unit}`;
}

export function formatBytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  rows.forEach((row) => console.log(line(row)));
}

/** The escalation both HTTP benchmarks post: a new requestId for each sequence number. */
export function benchEscalation(sequence: number) {
  return {
    requestId: `bench-${sequence}`,
    raisedBy: 'Bench case manager',
    proposedRosh: 'HIGH',
    urgency: 'URGENT',
    triggers: ['VICTIM_CONCERN', 'MISSED_APPOINTMENTS'],
    summary: 'Former partner reports him waiting outside her workplace; two missed appointments this month.',
  };
}

const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU seconds a process has used so far, all its threads together (Linux /proc; undefined elsewhere).
 * The HTTP benchmark divides it by the requests a load answered: the cost of a request, threads and
 * garbage collection included, beside its throughput.
 */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime: fields 14 and 15 of the line, 12 and 13 after the command name.
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
