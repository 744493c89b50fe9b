import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { HUB_CONFIG_VARIABLES } from '@escalation-hub/platform';

/** infra/deploy cannot be started on the development machines, so its settings are checked against the code here. */
describe('infra/deploy/compose.yaml', () => {
  const compose = parse(readFileSync(resolve(__dirname, '../../../infra/deploy/compose.yaml'), 'utf8'), { merge: true }) as {
    services: Record<string, { environment?: Record<string, string | number>; image?: string; profiles?: string[] }>;
  };
  const hubs = Object.entries(compose.services).filter(([, service]) => service.image === 'escalation-hub:local');
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

  it('sets only variables the hub reads', () => {
    for (const [name, service] of hubs) {
      const unknown = Object.keys(service.environment ?? {}).filter((variable) => !known.has(variable));
      expect({ name, unknown }).toEqual({ name, unknown: [] });
    }
  });
});
