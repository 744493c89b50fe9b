/**
 * Runs a real Apache Kafka 3.9.1 on this machine (KRaft, from the Maven Central jars; no Docker)
 * until Ctrl-C, with its data kept in a folder across runs.
 *
 *   npm run kafka:local [-- --brokers 1|3 --port 9092 --data ./data-kafka]
 *
 * Three brokers listen on --port, --port+1 and --port+2 and replicate every topic three times with
 * min.insync.replicas=2. A data folder stays formatted for the broker count it was first run with.
 */
import { connect } from 'node:net';
import { resolve } from 'node:path';
// A developer tool, not production code: it runs the brokers the tests start.
// eslint-disable-next-line no-restricted-imports
import { LocalKafka, startLocalKafka } from '@escalation-hub/messaging/testing';

interface Flags {
  readonly brokers: 1 | 3;
  readonly port: number;
  readonly data: string;
}

const USAGE = 'npm run kafka:local [-- --brokers 1|3 --port 9092 --data ./data-kafka]';

function parseFlags(argv: readonly string[]): Flags {
  const flags: { brokers: 1 | 3; port: number; data: string } = { brokers: 1, port: 9092, data: './data-kafka' };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${name} needs a value (${USAGE})`);
    switch (name) {
      case '--brokers':
        if (value !== '1' && value !== '3') throw new Error(`--brokers must be 1 or 3, not ${value}`);
        flags.brokers = value === '1' ? 1 : 3;
        break;
      case '--port':
        flags.port = Number(value);
        if (!Number.isInteger(flags.port) || flags.port < 1024 || flags.port > 65533)
          throw new Error(`--port must be a port from 1024, not ${value}`);
        break;
      case '--data':
        flags.data = value;
        break;
      default:
        throw new Error(`Unknown flag ${name} (${USAGE})`);
    }
  }
  return flags;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const flags = parseFlags(argv);
  const data = resolve(flags.data);
  const ports = Array.from({ length: flags.brokers }, (_, i) => flags.port + i);

  // Listening from the start: a signal during start-up stops the brokers once they are up, never orphans them.
  let stopRequested: NodeJS.Signals | undefined;
  const started: { kafka?: LocalKafka; watcher?: NodeJS.Timeout } = {};
  const finish = (stopped: Promise<void>) =>
    stopped.then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Could not stop Kafka cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopRequested) return;
    stopRequested = signal;
    process.stderr.write(`${signal}: stopping Kafka ...\n`);
    clearInterval(started.watcher);
    if (started.kafka) finish(started.kafka.stop());
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, shutdown);

  process.stderr.write(`Starting ${flags.brokers} Kafka broker(s) on 127.0.0.1 port ${ports.join(', ')}, data in ${data} ...\n`);
  const kafka = await startLocalKafka({ brokers: flags.brokers, ports, dataDir: data, timeoutMs: 120_000 });
  started.kafka = kafka;
  if (stopRequested) return void finish(kafka.stop());
  process.stdout.write(`KAFKA_BROKERS=${kafka.brokers.join(',')}\n`);
  process.stderr.write(`Ready. Broker logs: ${data}/node-*/broker.log. Ctrl-C stops the broker(s).\n`);
  started.watcher = watch(kafka.brokers);
}

/** Says so when a broker stops answering or answers again; keeps the process in the foreground either way. */
function watch(brokers: readonly string[]): NodeJS.Timeout {
  const answering = new Map(brokers.map((broker) => [broker, true]));
  return setInterval(() => {
    for (const broker of brokers) {
      const [host, port] = broker.split(':');
      const socket = connect({ host, port: Number(port), timeout: 1_000 });
      let reported = false;
      const report = (up: boolean) => {
        socket.destroy();
        if (reported || answering.get(broker) === up) return;
        reported = true;
        answering.set(broker, up);
        process.stderr.write(up ? `${broker} answers again.\n` : `${broker} stopped answering: see its broker.log.\n`);
      };
      socket.once('connect', () => report(true));
      socket.once('error', () => report(false));
      socket.once('timeout', () => report(false));
    }
  }, 5_000);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
