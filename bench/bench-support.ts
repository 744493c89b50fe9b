/** Small helpers shared by the benchmark scripts. */
import { ChildProcess, spawn, StdioOptions } from 'node:child_process';
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
