import { randomUUID } from 'node:crypto';
import { requestFingerprint } from '@escalation-hub/casework-application';
import type { Actor, CaseCommand } from '@escalation-hub/casework-domain';
import type { RequestEscalationDto, SubmitBreachPackDto } from './casework.dto';

/** A provider's escalation as a command, whether it came over HTTP or Kafka (same body, same requestId rules). */
export function escalationCommand(crn: string, actor: Actor, body: RequestEscalationDto): CaseCommand {
  const { requestId, ...request } = body;
  return {
    type: 'RequestEscalation',
    crn,
    actor,
    payload: {
      ...request,
      triggers: [...body.triggers],
      escalationId: `esc-${randomUUID()}`,
      requestId,
      requestFingerprint: requestFingerprint(body),
    },
  };
}

/** A provider's breach pack as a command, whether it came over HTTP or Kafka. */
export function breachPackCommand(crn: string, actor: Actor, body: SubmitBreachPackDto): CaseCommand {
  const { requestId, ...request } = body;
  return {
    type: 'SubmitBreachPack',
    crn,
    actor,
    payload: {
      ...request,
      failures: body.failures.map((failure) => ({ ...failure })),
      breachPackId: `bp-${randomUUID()}`,
      requestId,
      requestFingerprint: requestFingerprint(body),
    },
  };
}
