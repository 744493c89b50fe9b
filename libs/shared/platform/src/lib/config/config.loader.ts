import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

/** Thrown at start-up when the environment does not describe a valid configuration. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** For `@Transform`: a whole number given as text becomes a number; anything else is left for validation to refuse. */
export const toInteger = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value);
/** For `@Transform`: a number given as text (decimals allowed) becomes a number. */
export const toNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;

/**
 * Reads environment variables into a typed, validated config object. `variables` maps each
 * property to the variable that sets it, so error messages name what the operator actually set.
 */
export function loadConfig<T extends object>(type: new () => T, env: NodeJS.ProcessEnv, variables: Record<keyof T & string, string>): T {
  const raw: Record<string, string> = {};
  for (const [property, variable] of Object.entries(variables) as [string, string][]) {
    const value = env[variable];
    if (value !== undefined && value !== '') raw[property] = value;
  }
  const config = plainToInstance(type, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigError(errors.map((error) => describe(error, variables as Record<string, string>, raw)));
  }
  return config;
}

function describe(error: ValidationError, variables: Record<string, string>, raw: Record<string, string>): string {
  const variable = variables[error.property] ?? error.property;
  const reasons = [...new Set(Object.values(error.constraints ?? {}))].reverse().join('; ');
  const given = raw[error.property] === undefined ? 'not set' : `got ${JSON.stringify(raw[error.property])}`;
  return `${variable}: ${reasons} (${given})`;
}
