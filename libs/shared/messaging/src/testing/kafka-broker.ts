import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';

const KAFKA_DIR = resolve(__dirname, '../../../../../infra/kafka');
const LIBS = join(KAFKA_DIR, 'libs');

/** A real Apache Kafka 3.9.1 broker (KRaft, broker and controller in one) started from the Maven Central jars. */
export interface LocalKafka {
  readonly brokers: string[];
  /** Stops the broker (as a crash or an operator would) and starts it again on the same data and port. */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Fetches the broker's jars once (infra/kafka/pom.xml); later calls find them in place. */
export function ensureKafkaJars(): string {
  if (!existsSync(LIBS) || !readdirSync(LIBS).some((file) => file.startsWith('kafka_2.13-'))) {
    execFileSync(
      'mvn',
      ['-q', '-f', join(KAFKA_DIR, 'pom.xml'), 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${LIBS}`],
      {
        stdio: 'inherit',
      },
    );
  }
  return LIBS;
}

async function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : reject(new Error('no free port'))));
    });
  });
}

/** Starts a single-node broker on loopback and resolves once the cluster answers an admin request. */
export async function startLocalKafka(options: { timeoutMs?: number } = {}): Promise<LocalKafka> {
  const libs = ensureKafkaJars();
  const dir = mkdtempSync(join(tmpdir(), 'hub-kafka-'));
  const [port, controllerPort] = [await freePort(), await freePort()];
  const properties = join(dir, 'server.properties');
  writeFileSync(
    properties,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'controller.listener.names=CONTROLLER',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      'inter.broker.listener.name=PLAINTEXT',
      `log.dirs=${join(dir, 'data')}`,
      'num.partitions=1',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      'auto.create.topics.enable=false',
    ].join('\n'),
  );
  mkdirSync(join(dir, 'data'));
  const classpath = `${libs}/*`;
  const java = process.env['JAVA_HOME'] ? join(process.env['JAVA_HOME'], 'bin/java') : 'java';
  execFileSync(
    java,
    ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', randomUUID().replace(/-/g, '').slice(0, 22), '-c', properties],
    {
      stdio: 'ignore',
    },
  );
  const launch = (): ChildProcess =>
    spawn(
      java,
      ['-Xmx512m', '-cp', classpath, `-Dlog4j.configuration=file:${join(KAFKA_DIR, 'log4j.properties')}`, 'kafka.Kafka', properties],
      {
        stdio: 'ignore',
      },
    );
  const brokers = [`127.0.0.1:${port}`];
  let broker = launch();
  const halt = async () => {
    if (broker.exitCode !== null || broker.signalCode !== null) return;
    const exited = new Promise<void>((done) => broker.once('exit', () => done()));
    broker.kill('SIGTERM');
    const killer = setTimeout(() => broker.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  };
  const stop = async () => {
    await halt();
    rmSync(dir, { recursive: true, force: true });
  };
  const timeoutMs = options.timeoutMs ?? 60_000;
  await waitUntilReady(brokers, () => broker.exitCode !== null, timeoutMs).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return {
    brokers,
    stop,
    async restart(downMs = 0) {
      await halt();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      broker = launch();
      await waitUntilReady(brokers, () => broker.exitCode !== null, timeoutMs);
    },
  };
}

/** Ready when the cluster says so (admin describeCluster), not after a sleep. */
async function waitUntilReady(brokers: string[], exited: () => boolean, timeoutMs: number): Promise<void> {
  const admin = new Kafka({ clientId: 'hub-test-readiness', brokers, logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      await admin.disconnect();
      if (cluster.brokers.length > 0) return;
    } catch {
      await admin.disconnect().catch(() => undefined);
    }
    if (exited() || Date.now() > deadline) throw new Error(`Kafka did not start on ${brokers[0]}`);
    await new Promise((wait) => setTimeout(wait, 250));
  }
}
