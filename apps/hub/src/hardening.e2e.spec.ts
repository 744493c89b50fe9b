import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

/** The outside test's findings (issue 14), replayed by `npm run check:hardening` against the built hub. */
describe('the hardening regression script', () => {
  it('passes every check, one line each', () => {
    const run = spawnSync(
      process.execPath,
      ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register', join(ROOT, 'tools/hardening/replay-issue-14.ts')],
      { cwd: ROOT, env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.base.json') }, encoding: 'utf8', timeout: 240_000 },
    );
    const lines = run.stdout.split('\n').filter((line) => /^(PASS|FAIL) /.test(line));
    expect(lines.filter((line) => line.startsWith('FAIL'))).toEqual([]);
    expect(lines.length).toBeGreaterThanOrEqual(13);
    expect(run.status).toBe(0);
  }, 300_000);
});
