import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';
import { loadConfig } from './config-loader';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const toInteger = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value);

/** Everything the hub reads from its environment. Defaults suit a laptop; see README "Configuration". */
export class HubConfig {
  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be between 1 and 65535' })
  @Max(65535, { message: 'must be between 1 and 65535' })
  port = 3000;

  @IsString()
  @IsNotEmpty({ message: 'must name a folder' })
  dataDir = './data';

  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  logLevel: LogLevel = 'info';

  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(100, { message: 'must be at least 100' })
  shutdownTimeoutMs = 10_000;
}

export const HUB_CONFIG_VARIABLES = {
  port: 'PORT',
  dataDir: 'HUB_DATA_DIR',
  logLevel: 'LOG_LEVEL',
  shutdownTimeoutMs: 'HUB_SHUTDOWN_TIMEOUT_MS',
} as const satisfies Record<keyof HubConfig, string>;

export function loadHubConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  return loadConfig(HubConfig, env, HUB_CONFIG_VARIABLES);
}
