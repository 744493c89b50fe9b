import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { HUB_CONFIG_VARIABLES } from '@escalation-hub/platform';

/** infra/deploy cannot be started on the development machines, so its settings are checked against the code here. */
describe('infra/deploy/compose.yaml', () => {
  const compose = parse(readFileSync(resolve(__dirname, '../../../infra/deploy/compose.yaml'), 'utf8'), { merge: true }) as {
    services: Record<string, { environment?: Record<string, string | number>; image?: string; profiles?: string[]; entrypoint?: string[] }>;
  };
  const ours = Object.entries(compose.services).filter(([, service]) => service.image === 'escalation-hub:local');
  const hubs = ours.filter(([, service]) => !service.entrypoint);
  const services = ours.filter(([, service]) => service.entrypoint);
  const known = new Set<string>(Object.values(HUB_CONFIG_VARIABLES));

  it('runs hubs on PostgreSQL (two, sharing one database) and on KurrentDB, beside three Kafka brokers', () => {
    expect(hubs.map(([name, service]) => [name, service.environment?.['HUB_STORE']])).toEqual([
      ['hub-a', 'postgres'],
      ['hub-b', 'postgres'],
      ['hub-kurrentdb', 'kurrentdb'],
    ]);
    expect(hubs[0][1].environment?.['HUB_STORE_URL']).toBe(hubs[1][1].environment?.['HUB_STORE_URL']);
    const brokers = Object.entries(compose.services).filter(([name]) => name.startsWith('kafka-'));
    expect(
      brokers.map(([, broker]) => [broker.image, broker.environment?.['KAFKA_NODE_ID'], broker.environment?.['KAFKA_MIN_INSYNC_REPLICAS']]),
    ).toEqual([
      ['apache/kafka:3.9.1', 1, 2],
      ['apache/kafka:3.9.1', 2, 2],
      ['apache/kafka:3.9.1', 3, 2],
    ]);
  });

  it('runs the three distributed services on one schema of their own, with the three brokers and replication 3', () => {
    expect(services.map(([name, service]) => [name, service.entrypoint, service.profiles])).toEqual([
      ['gateway', ['node', 'dist/apps/gateway/main.js'], ['distributed']],
      ['decisions', ['node', 'dist/apps/decisions/main.js'], ['distributed']],
      ['audit', ['node', 'dist/apps/audit/main.js'], ['distributed']],
    ]);
    for (const [, service] of services) {
      expect(service.environment).toMatchObject({
        HUB_STORE: 'postgres',
        HUB_POSTGRES_SCHEMA: 'hub_services',
        KAFKA_BROKERS: 'kafka-1:9092,kafka-2:9092,kafka-3:9092',
        HUB_KAFKA_REPLICATION_FACTOR: 3,
      });
    }
    expect(hubs.map(([, hub]) => hub.environment?.['HUB_POSTGRES_SCHEMA'])).not.toContain('hub_services');
  });

  it('sets only variables the hub and the services read', () => {
    for (const [name, service] of ours) {
      const unknown = Object.keys(service.environment ?? {}).filter((variable) => !known.has(variable));
      expect({ name, unknown }).toEqual({ name, unknown: [] });
    }
  });
});
