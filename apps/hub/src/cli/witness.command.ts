import { createServer } from 'node:http';
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

/** The largest add-checkpoint request taken: a note and a proof of at most 63 hashes are far smaller. */
const MAX_REQUEST_BYTES = 64 * 1024;

/**
 * Serves c2sp.org/tlog-witness for the hub to push to (HUB_WITNESS_URLS): `POST /add-checkpoint`,
 * and `GET /checkpoint`, the newest checkpoint this witness accepted with its cosignature.
 */
function serveWitness(witness: Witness, listen: string): Promise<number> {
  const [host, port] = listen.includes(':') ? [listen.slice(0, listen.lastIndexOf(':')), listen.slice(listen.lastIndexOf(':') + 1)] : ['127.0.0.1', listen];
  const server = createServer((request, response) => {
    const reply = (status: number, body: string, contentType = 'text/plain; charset=utf-8') => {
      response.writeHead(status, { 'content-type': contentType });
      response.end(body);
    };
    if (request.method === 'GET' && request.url === '/checkpoint') {
      const newest = witness.accepted().at(-1);
      return newest ? reply(200, newest.note) : reply(404, 'This witness has accepted no checkpoint yet\n');
    }
    if (request.method !== 'POST' || request.url !== '/add-checkpoint') return reply(404, 'Not found\n');
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        reply(413, 'Request too large\n');
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > MAX_REQUEST_BYTES) return;
      // One checkpoint at a time: each is judged against the one accepted before it.
      queue = queue.then(async () => {
        const answer = await witness.addCheckpoint(Buffer.concat(chunks).toString('utf8'), new Date());
        if (answer.status === 422) process.stdout.write(`ALARM or refusal: ${answer.body}`);
        else if (answer.status === 200) process.stdout.write(`Cosigned the checkpoint of ${witness.accepted().at(-1)?.treeSize} events\n`);
        reply(answer.status, answer.body, answer.contentType);
      });
    });
  });
  let queue: Promise<void> = Promise.resolve();
  return new Promise((resolve) => {
    server.on('error', (error) => {
      process.stderr.write(`Cannot listen on ${listen}: ${error.message}\n`);
      resolve(1);
    });
    server.listen(Number(port), host, () => process.stderr.write(`Witness listening on http://${host}:${port} (POST /add-checkpoint, GET /checkpoint)\n`));
    const stop = () => server.close(() => resolve(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/**
 * `witness --log <hub url> --dir <folder> [--log-key <vkey>] [--name <name>] [--once] [--interval <s>]`:
 * a separate process that checks the hub's checkpoints are consistent, keeps them and cosigns them.
 * With `--listen [host:]port` instead of `--log`, the hub pushes checkpoints to it (HUB_WITNESS_URLS).
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
      listen: { type: 'string' },
    },
    strict: true,
  });
  if (values.dir && values.listen) {
    if (!/^([^\s:]+:)?[0-9]{1,5}$/.test(values.listen)) {
      process.stderr.write('--listen must be a port, or host:port\n');
      return 64;
    }
    const witness = Witness.open(values.dir, { name: values.name, logKey: values['log-key'] });
    process.stderr.write(`Witness ${witness.verifier.name}: give the hub HUB_WITNESS_KEYS=${witness.verifier.vkey}\n`);
    return serveWitness(witness, values.listen);
  }
  if (!values.log || !values.dir) {
    process.stderr.write(
      'Use: npm run hub -- witness --log <hub url> --dir <folder> [--log-key <vkey>] [--name <name>] [--once] [--interval <seconds>]\n' +
        '  or: npm run hub -- witness --listen [host:]port --dir <folder> [--log-key <vkey>] [--name <name>]  (the hub pushes: HUB_WITNESS_URLS)\n' +
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
