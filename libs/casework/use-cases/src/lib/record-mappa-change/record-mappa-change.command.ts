import type { Actor, MappaStatus } from '@escalation-hub/casework-domain';

/** Public-service staff record a MAPPA registration, change or end (null); the allocation policy is then applied again. */
export class RecordMappaChangeCommand {
  constructor(
    readonly crn: string,
    readonly actor: Actor,
    readonly mappa: MappaStatus | null,
  ) {}
}
