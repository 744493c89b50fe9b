import { parseArgs } from 'node:util';
import { KeyRotation, LogClient, Witness } from '@escalation-hub/audit-application';

/** The hub's public integrity endpoints, over HTTP. */
function httpLogClient(baseUrl: string): LogClient {
  const url = (path: string) => new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
  const ok = async (response: Response) => {
    if (!response.ok) throw new Error(`${response.url}: ${response.status} ${await response.text()}`);
    return response;
  };
  return {
    latestCheckpoint: async () => (await ok(await fetch(url('v1/audit/checkpoint?format=note')))).text(),
    keyRotations: async () => ((await (await ok(await fetch(url('v1/audit/public-keys')))).json()) as { rotations: KeyRotation[] }).rotations,
    consistencyProof: async (from, to) => {
      const body = (await (await ok(await fetch(url(`v1/audit/proofs/consistency?from=${from}&to=${to}`)))).json()) as { proof: string[] };
      return body.proof;
    },
    submitCosignature: async (note) => {
      await ok(
        await fetch(url('v1/audit/checkpoint/cosignatures'), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ note }),
        }),
      );
    },
  };
}

/**
 * `witness --log <hub url> --dir <folder> [--log-key <vkey>] [--name <name>] [--once] [--interval <s>]`:
 * a separate process that checks the hub's checkpoints are consistent, keeps them and cosigns them.
 */
export async function witnessCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      log: { type: 'string' },
      dir: { type: 'string' },
      'log-key': { type: 'string' },
      name: { type: 'string' },
      once: { type: 'boolean' },
      interval: { type: 'string', default: '60' },
    },
    strict: true,
  });
  if (!values.log || !values.dir) {
    process.stderr.write(
      'Use: npm run hub -- witness --log <hub url> --dir <folder> [--log-key <vkey>] [--name <name>] [--once] [--interval <seconds>]\n' +
        "  The first run needs --log-key: the hub's verifierKey from GET /v1/audit/public-key, obtained from someone you trust.\n",
    );
    return 64;
  }
  const interval = Number(values.interval);
  if (!Number.isFinite(interval) || interval < 1) {
    process.stderr.write('--interval must be a number of seconds, at least 1\n');
    return 64;
  }
  const witness = Witness.open(values.dir, { name: values.name, logKey: values['log-key'] });
  process.stderr.write(`Witness ${witness.verifier.name}: give the hub HUB_WITNESS_KEYS=${witness.verifier.vkey}\n`);
  const client = httpLogClient(values.log);
  let stopped = false;
  process.once('SIGINT', () => (stopped = true));
  process.once('SIGTERM', () => (stopped = true));
  for (;;) {
    let outcome;
    try {
      outcome = await witness.poll(client, new Date());
    } catch (error) {
      process.stderr.write(`Could not get a checkpoint from the log: ${error instanceof Error ? error.message : String(error)}\n`);
      if (values.once) return 1;
      outcome = undefined;
    }
    if (outcome?.status === 'alarm') {
      process.stdout.write(`ALARM: ${outcome.reason}\n  (kept in ${values.dir}/ALARM; this witness accepts nothing more from the log)\n`);
      return 3;
    }
    if (outcome?.status === 'cosigned')
      process.stdout.write(
        `Cosigned the checkpoint of ${outcome.treeSize} events${outcome.submitted ? '' : ` (kept; the hub did not take the cosignature: ${outcome.submitError})`}\n`,
      );
    if (outcome?.status === 'unchanged' && values.once) process.stdout.write(`No new checkpoint (still ${outcome.treeSize} events)\n`);
    if (values.once || stopped) return 0;
    await new Promise((resolve) => setTimeout(resolve, interval * 1000));
    if (stopped) return 0;
  }
}
