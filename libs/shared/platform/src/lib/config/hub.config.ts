import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsNumber, IsOptional, IsPositive, IsString, Max, Min } from 'class-validator';
import { accessSync, constants, statSync } from 'node:fs';
import { ConfigError, loadConfig } from './config.loader';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const toInteger = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value);
const toNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value);

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

  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(50, { message: 'must be at least 50' })
  overdueScanIntervalMs = 30_000;

  @Transform(toNumber)
  @IsNumber({}, { message: 'must be a number of hours' })
  @IsPositive({ message: 'must be more than 0' })
  immediateHours = 2;

  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number of working days' })
  @Min(1, { message: 'must be at least 1' })
  urgentWorkingDays = 1;

  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number of working days' })
  @Min(1, { message: 'must be at least 1' })
  routineWorkingDays = 5;

  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number of working days' })
  @Min(1, { message: 'must be at least 1' })
  breachPackWorkingDays = 5;

  @Transform(toNumber)
  @IsNumber({}, { message: 'must be a number of hours' })
  @IsPositive({ message: 'must be more than 0' })
  recallCountersignHours = 24;

  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number of events' })
  @Min(1, { message: 'must be at least 1' })
  checkpointEveryEvents = 1000;

  /** A bank-holiday list in GOV.UK's bank-holidays.json format, replacing the shipped one. */
  @IsOptional()
  @IsString()
  bankHolidaysFile?: string;
}

export const HUB_CONFIG_VARIABLES = {
  port: 'PORT',
  dataDir: 'HUB_DATA_DIR',
  logLevel: 'LOG_LEVEL',
  shutdownTimeoutMs: 'HUB_SHUTDOWN_TIMEOUT_MS',
  overdueScanIntervalMs: 'HUB_OVERDUE_SCAN_INTERVAL_MS',
  immediateHours: 'HUB_IMMEDIATE_HOURS',
  urgentWorkingDays: 'HUB_URGENT_WORKING_DAYS',
  routineWorkingDays: 'HUB_ROUTINE_WORKING_DAYS',
  breachPackWorkingDays: 'HUB_BREACH_PACK_WORKING_DAYS',
  recallCountersignHours: 'HUB_RECALL_COUNTERSIGN_HOURS',
  bankHolidaysFile: 'HUB_BANK_HOLIDAYS_FILE',
  checkpointEveryEvents: 'HUB_CHECKPOINT_EVERY_EVENTS',
} as const satisfies Record<keyof HubConfig, string>;

export function loadHubConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const config = loadConfig(HubConfig, env, HUB_CONFIG_VARIABLES);
  assertUsableFolder(config.dataDir, HUB_CONFIG_VARIABLES.dataDir);
  return config;
}

/** A data folder that exists must be a writable folder; one that does not will be created. */
function assertUsableFolder(path: string, variable: string): void {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return;
  }
  if (!stats.isDirectory()) throw new ConfigError([`${variable}: must name a folder, but ${JSON.stringify(path)} is a file`]);
  try {
    accessSync(path, constants.W_OK);
  } catch {
    throw new ConfigError([`${variable}: the folder ${JSON.stringify(path)} is not writable`]);
  }
}
