// Runs the distributed mode on one machine: the provider gateway, the decisions service and the audit
// service as three processes (built by `npm run services`), sharing one PostgreSQL event store and one
// Kafka cluster. Their JSON log lines are prefixed with the service's name; Ctrl-C stops all three.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const defaults = {
  HUB_STORE: 'postgres',
  HUB_STORE_URL: 'postgres://postgres@127.0.0.1:5432/test',
  HUB_POSTGRES_SCHEMA: 'hub_distributed',
  KAFKA_BROKERS: '127.0.0.1:9092',
  HUB_KAFKA_PROVIDERS: 'CRC07,CRC11',
  HUB_DATA_DIR: './data-distributed',
};
const env = { ...process.env };
for (const [name, value] of Object.entries(defaults)) if (!env[name]) env[name] = value;
mkdirSync(env.HUB_DATA_DIR, { recursive: true });

const services = [
  ['gateway', Number(env.GATEWAY_PORT ?? 3001)],
  ['decisions', Number(env.DECISIONS_PORT ?? 3002)],
  ['audit', Number(env.AUDIT_PORT ?? 3003)],
];
const children = services.map(([name, port]) => {
  const child = spawn(process.execPath, [resolve('dist/apps', name, 'main.js')], {
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `${name.padEnd(9)} | `;
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.on('data', (chunk) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) process.stdout.write(prefix + line + '\n');
    });
  }
  child.on('exit', (code, signal) => {
    process.stdout.write(`${prefix}exited (${signal ?? code})\n`);
    if (!stopping && code !== 0) stop(code ?? 1);
  });
  return child;
});

const names = Object.keys(defaults).map((name) => `${name}=${env[name]}`).join(' ');
process.stdout.write(
  [
    `Provider gateway http://localhost:${services[0][1]}, decisions http://localhost:${services[1][1]}, audit http://localhost:${services[2][1]}`,
    `Store and broker: ${names}`,
    `Issue tokens with the same variables, e.g.:`,
    `  ${names} npm run -s hub -- token issue --role decision-maker --name officer-1`,
    '',
  ].join('\n'),
);

let stopping = false;
function stop(exitCode = 0) {
  if (stopping) return;
  stopping = true;
  let running = children.length;
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) running -= 1;
    else {
      child.once('exit', () => --running === 0 && process.exit(exitCode));
      child.kill('SIGTERM');
    }
  }
  if (running === 0) process.exit(exitCode);
}
process.on('SIGINT', () => stop());
process.on('SIGTERM', () => stop());
