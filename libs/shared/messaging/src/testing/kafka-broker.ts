import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Admin, Kafka, logLevel } from 'kafkajs';

const KAFKA_DIR = resolve(__dirname, '../../../../../infra/kafka');
const LIBS = join(KAFKA_DIR, 'libs');

export type BrokerSignal = 'SIGKILL' | 'SIGTERM';

export interface LocalKafkaOptions {
  /** 1 (default) or 3 KRaft nodes, each broker and controller in one. */
  readonly brokers?: 1 | 3;
  /** How long to wait for the cluster to answer; 60 s by default. */
  readonly timeoutMs?: number;
  /** Kept across runs (formatted once, never deleted); a temporary folder removed on stop by default. */
  readonly dataDir?: string;
  /** Client listener ports, one per broker; free ports by default. */
  readonly ports?: number[];
}

/** Real Apache Kafka 3.9.1 (KRaft, broker and controller in one process per node) started from the Maven Central jars. */
export interface LocalKafka {
  /** Bootstrap servers, one per node, e.g. `127.0.0.1:9092`. */
  readonly brokers: string[];
  /** Stops every node (as an operator would) and starts them again on the same data and ports. */
  restart(downMs?: number): Promise<void>;
  /** Stops one node (index from 0): SIGTERM shuts it down cleanly, SIGKILL (default) as a crash would. */
  stopBroker(index: number, signal?: BrokerSignal): Promise<void>;
  /** Starts a stopped node again on its data and ports; resolves once it is back in the cluster. */
  startBroker(index: number): Promise<void>;
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

/** Fails early and clearly when a fixed port is taken (another Kafka, perhaps), rather than answering for it. */
async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((done, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${port} on 127.0.0.1 is in use (another Kafka?)`) : error),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => done()));
  });
}

async function freePort(taken: Set<number>): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((done, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => (typeof address === 'object' && address ? done(address.port) : reject(new Error('no free port'))));
      });
    });
    if (!taken.has(port)) {
      taken.add(port);
      return port;
    }
  }
}

/** What a data folder was formatted for: a later run on it must match. */
interface ClusterLayout {
  readonly clusterId: string;
  readonly brokers: number;
}

function clusterLayout(dir: string, brokers: number): ClusterLayout {
  const file = join(dir, 'local-kafka.json');
  if (existsSync(file)) {
    const layout = JSON.parse(readFileSync(file, 'utf8')) as ClusterLayout;
    if (layout.brokers !== brokers) {
      throw new Error(`${dir} holds a ${layout.brokers}-broker cluster, not ${brokers}: use another data folder or delete it`);
    }
    return layout;
  }
  const layout = { clusterId: randomUUID().replace(/-/g, '').slice(0, 22), brokers };
  writeFileSync(file, `${JSON.stringify(layout)}\n`);
  return layout;
}

/**
 * Starts a single node (default) or a three-node cluster on loopback and resolves once every node
 * lists every broker (admin describeCluster). Three nodes replicate everything three times with
 * `min.insync.replicas=2`, so one node may fail without losing acknowledged writes or availability.
 */
export async function startLocalKafka(options: LocalKafkaOptions = {}): Promise<LocalKafka> {
  const count = options.brokers ?? 1;
  if (count !== 1 && count !== 3) throw new Error(`brokers must be 1 or 3, not ${String(count)}`);
  if (options.ports && options.ports.length !== count) throw new Error(`ports needs ${count} port(s), got ${options.ports.length}`);
  const libs = ensureKafkaJars();
  const persistent = options.dataDir !== undefined;
  const dir = options.dataDir ? resolve(options.dataDir) : mkdtempSync(join(tmpdir(), 'hub-kafka-'));
  mkdirSync(dir, { recursive: true });
  const removeTemporary = () => {
    if (!persistent) rmSync(dir, { recursive: true, force: true });
  };
  const timeoutMs = options.timeoutMs ?? 60_000;
  const java = process.env['JAVA_HOME'] ? join(process.env['JAVA_HOME'], 'bin/java') : 'java';
  const classpath = `${libs}/*`;

  let nodes: KafkaNode[];
  let clusterId: string;
  try {
    const layout = clusterLayout(dir, count);
    clusterId = layout.clusterId;
    for (const port of options.ports ?? []) await assertPortFree(port);
    const taken = new Set(options.ports ?? []);
    const ports = [...(options.ports ?? [])];
    for (let i = ports.length; i < count; i += 1) ports.push(await freePort(taken));
    // Controller ports need not stay fixed: the voters are configuration, rewritten on each start.
    const controllerPorts: number[] = [];
    for (let i = 0; i < count; i += 1) controllerPorts.push(await freePort(taken));
    const voters = controllerPorts.map((port, i) => `${i + 1}@127.0.0.1:${port}`).join(',');
    nodes = ports.map((port, i) => {
      const nodeDir = join(dir, `node-${i + 1}`);
      const dataDir = join(nodeDir, 'data');
      const properties = join(nodeDir, 'server.properties');
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(properties, serverProperties({ nodeId: i + 1, count, port, controllerPort: controllerPorts[i], voters, dataDir }));
      if (!existsSync(join(dataDir, 'meta.properties'))) {
        execFileSync(java, ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', layout.clusterId, '-c', properties], {
          stdio: 'ignore',
        });
      }
      return new KafkaNode(i + 1, `127.0.0.1:${port}`, nodeDir, [
        count === 1 ? '-Xmx512m' : '-Xmx384m',
        '-cp',
        classpath,
        `-Dlog4j.configuration=file:${join(KAFKA_DIR, 'log4j.properties')}`,
        'kafka.Kafka',
        properties,
      ]);
    });
  } catch (error) {
    removeTemporary();
    throw error;
  }

  const brokers = nodes.map((node) => node.address);
  const stopAll = () => Promise.all(nodes.map((node) => node.halt('SIGTERM')));
  const stop = async () => {
    await stopAll();
    removeTemporary();
  };
  const nodeAt = (index: number): KafkaNode => {
    const node = nodes[index];
    if (!node) throw new RangeError(`No broker ${index}: indexes go from 0 to ${nodes.length - 1}`);
    return node;
  };
  const startAll = async () => {
    nodes.forEach((node) => node.launch(java));
    await waitUntilReady(nodes, clusterId, (ids) => ids.length === count, timeoutMs);
  };
  await startAll().catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return {
    brokers,
    stop,
    async restart(downMs = 0) {
      await stopAll();
      await new Promise((done) => setTimeout(done, downMs));
      await startAll();
    },
    async stopBroker(index, signal = 'SIGKILL') {
      await nodeAt(index).halt(signal);
    },
    async startBroker(index) {
      const node = nodeAt(index);
      if (node.running) return;
      node.launch(java);
      // Back when every running node, itself included, lists it as an (unfenced) broker.
      await waitUntilReady(
        nodes.filter((other) => other.running),
        clusterId,
        (ids) => ids.includes(node.id),
        timeoutMs,
      );
    },
  };
}

function serverProperties(node: { nodeId: number; count: number; port: number; controllerPort: number; voters: string; dataDir: string }) {
  const replication = node.count === 1 ? 1 : 3;
  const minIsr = node.count === 1 ? 1 : 2;
  return [
    'process.roles=broker,controller',
    `node.id=${node.nodeId}`,
    `controller.quorum.voters=${node.voters}`,
    `listeners=PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${node.port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${node.dataDir}`,
    'num.partitions=1',
    `default.replication.factor=${replication}`,
    `min.insync.replicas=${minIsr}`,
    `offsets.topic.replication.factor=${replication}`,
    'offsets.topic.num.partitions=1',
    `transaction.state.log.replication.factor=${replication}`,
    `transaction.state.log.min.isr=${minIsr}`,
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    // A killed node is fenced (its partitions move) after 6 s rather than 9: quicker failover, and
    // sooner than a client's default retries give up.
    ...(node.count === 1 ? [] : ['broker.session.timeout.ms=6000', 'broker.heartbeat.interval.ms=1000']),
    '',
  ].join('\n');
}

/** One Kafka process; its output (warnings and errors) goes to `broker.log` in its folder. */
class KafkaNode {
  private process: ChildProcess | undefined;

  constructor(
    readonly id: number,
    readonly address: string,
    private readonly dir: string,
    private readonly args: string[],
  ) {}

  get running(): boolean {
    return this.process !== undefined && this.process.exitCode === null && this.process.signalCode === null;
  }

  launch(java: string): void {
    const log = openSync(join(this.dir, 'broker.log'), 'a');
    try {
      this.process = spawn(java, this.args, { stdio: ['ignore', log, log] });
    } finally {
      closeSync(log);
    }
  }

  /** Stops the process; a clean shutdown that hangs (a cluster without quorum) is killed after 10 s. */
  async halt(signal: BrokerSignal): Promise<void> {
    const child = this.process;
    if (!child || !this.running) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill(signal);
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  }

  /** The last lines the broker wrote, for error messages. */
  logTail(): string {
    const file = join(this.dir, 'broker.log');
    return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').slice(-5).join('\n') : '';
  }
}

/**
 * Ready when the cluster says so, not after a sleep: each of `nodes`, asked on its own (admin
 * describeCluster), answers for this cluster and lists the brokers `ready` wants. Brokers learn of
 * each other at different moments, so asking only one would let a client that reaches another see fewer.
 */
async function waitUntilReady(nodes: KafkaNode[], clusterId: string, ready: (ids: number[]) => boolean, timeoutMs: number): Promise<void> {
  const admins = nodes.map((node) =>
    new Kafka({ clientId: 'hub-test-readiness', brokers: [node.address], logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin(),
  );
  const answers = async (admin: Admin): Promise<boolean> => {
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      return cluster.clusterId === clusterId && ready(cluster.brokers.map((broker) => broker.nodeId));
    } catch {
      return false;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await Promise.all(admins.map(answers))).every(Boolean)) return;
    const dead = nodes.find((node) => !node.running);
    if (dead || Date.now() > deadline) {
      const node = dead ?? nodes[0];
      const why = dead ? 'exited' : `did not start within ${timeoutMs} ms`;
      throw new Error(`Kafka on ${node.address} ${why}${node.logTail() ? `:\n${node.logTail()}` : ''}`);
    }
    await new Promise((wait) => setTimeout(wait, 250));
  }
}
