import { Transform } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, IsPositive, IsString, Min } from 'class-validator';
import { DueTimePolicy } from '@escalation-hub/casework-domain';
import { loadConfig, toInteger, toNumber } from '@escalation-hub/platform';
import { loadBankHolidays } from './bank-holidays';

/** What casework reads from the environment: due times, the bank holidays and the overdue scan. See README "Configuration". */
export class CaseworkConfig {
  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(50, { message: 'must be at least 50' })
  overdueScanIntervalMs = 30_000;

  /** A claim held this long lapses and the item is free again: its holder has probably gone home. */
  @Transform(toNumber)
  @IsNumber({}, { message: 'must be a number of minutes' })
  @Min(1 / 60, { message: 'must be at least one second (0.0167)' })
  claimExpiryMinutes = 480;

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

  @Transform(toNumber)
  @IsNumber({}, { message: 'must be a number of hours' })
  @IsPositive({ message: 'must be more than 0' })
  emergencyRecallHours = 2;

  /** A bank-holiday list in GOV.UK's bank-holidays.json format, replacing the shipped one. */
  @IsOptional()
  @IsString()
  bankHolidaysFile?: string;
}

export const CASEWORK_CONFIG_VARIABLES = {
  overdueScanIntervalMs: 'HUB_OVERDUE_SCAN_INTERVAL_MS',
  claimExpiryMinutes: 'HUB_CLAIM_EXPIRY_MINUTES',
  immediateHours: 'HUB_IMMEDIATE_HOURS',
  urgentWorkingDays: 'HUB_URGENT_WORKING_DAYS',
  routineWorkingDays: 'HUB_ROUTINE_WORKING_DAYS',
  breachPackWorkingDays: 'HUB_BREACH_PACK_WORKING_DAYS',
  recallCountersignHours: 'HUB_RECALL_COUNTERSIGN_HOURS',
  emergencyRecallHours: 'HUB_EMERGENCY_RECALL_HOURS',
  bankHolidaysFile: 'HUB_BANK_HOLIDAYS_FILE',
} as const satisfies Record<keyof CaseworkConfig, string>;

/** Reads and checks casework's settings, the bank-holiday file too: a bad value or file is a ConfigError naming its variable. */
export function loadCaseworkConfig(env: NodeJS.ProcessEnv = process.env): CaseworkConfig {
  const config = loadConfig(CaseworkConfig, env, CASEWORK_CONFIG_VARIABLES);
  loadBankHolidays(config.bankHolidaysFile); // read again by dueTimePolicyOf; checked here so a bad file stops the start
  return config;
}

/** The due-time policy the settings describe. */
export function dueTimePolicyOf(config: CaseworkConfig): DueTimePolicy {
  return new DueTimePolicy(
    {
      immediateHours: config.immediateHours,
      urgentWorkingDays: config.urgentWorkingDays,
      routineWorkingDays: config.routineWorkingDays,
      breachPackWorkingDays: config.breachPackWorkingDays,
      recallCountersignHours: config.recallCountersignHours,
      emergencyRecallHours: config.emergencyRecallHours,
    },
    loadBankHolidays(config.bankHolidaysFile),
  );
}
