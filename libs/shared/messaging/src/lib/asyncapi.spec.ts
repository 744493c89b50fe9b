import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Parser } from '@asyncapi/parser';
import { HUB_TOPICS } from './hub-topics';

/** docs/asyncapi.yaml is the contract for Kafka consumers: it must be valid AsyncAPI 3 and name every topic the code uses. */
describe('docs/asyncapi.yaml', () => {
  const text = readFileSync(resolve(__dirname, '../../../../../docs/asyncapi.yaml'), 'utf8');

  it('parses as a valid AsyncAPI 3 document', async () => {
    const { document, diagnostics } = await new Parser().parse(text);
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 0).map((diagnostic) => diagnostic.message);
    expect(errors).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
  });

  it('has a channel for every topic the code uses, and none it does not', async () => {
    const { document } = await new Parser().parse(text);
    const addresses = (document?.channels().all() ?? []).map((channel) => channel.address()).sort();
    const used = Object.values(HUB_TOPICS)
      .map((topic) => (typeof topic === 'function' ? topic('ZZPARAM').replace('zzparam', '{provider}') : topic))
      .sort();
    expect(addresses).toEqual(used);
  });
});
