import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

const ASYNCAPI = resolve(__dirname, '../../../../../../docs/asyncapi.yaml');

/**
 * Checks a provider event (a Kafka message body, or a feed entry without its cursor) against the
 * JSON Schema docs/asyncapi.yaml publishes for its type. Returns what is wrong, or nothing.
 */
export function providerEventValidator(): (event: unknown) => string[] {
  const document = parse(readFileSync(ASYNCAPI, 'utf8'));
  // Not strict: the AsyncAPI document around the schemas is not itself a schema.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(document, 'asyncapi');
  const schemas = document.components.schemas;
  const byType = new Map<string, string>();
  for (const { $ref } of schemas.providerEvent.oneOf as { $ref: string }[]) {
    const name = $ref.split('/').pop() as string;
    byType.set(schemas[name].properties.type.const, name);
  }
  return (event) => {
    const type = (event as { type?: unknown } | null)?.type;
    const name = typeof type === 'string' ? byType.get(type) : undefined;
    if (!name) return [`/type ${JSON.stringify(type)} is not a provider event type`];
    const validate = ajv.getSchema(`asyncapi#/components/schemas/${name}`);
    if (!validate) throw new Error(`docs/asyncapi.yaml: ${name} does not compile`);
    return validate(event) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`);
  };
}
