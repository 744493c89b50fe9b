/** Something readiness depends on: `check` resolves with details when healthy and throws when not. */
export interface HealthIndicator {
  readonly name: string;
  /** Whether a failure makes the process unready (false: reported only). */
  readonly critical: boolean;
  check(): Promise<Record<string, unknown>>;
}

/** Injection token for the list of indicators readiness checks. */
export const HEALTH_INDICATORS = Symbol('HEALTH_INDICATORS');

/** Thrown by an indicator that is down but still has details worth reporting (e.g. progress). */
export class HealthCheckError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HealthCheckError';
  }
}
