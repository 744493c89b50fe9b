import { SqlProjection } from '@escalation-hub/event-store';
import { CASEWORK_PROJECTIONS } from '@escalation-hub/casework-application';
import { disclosureLogProjection, itemDeadlinesProjection } from '@escalation-hub/audit-application';

/** Every read model the embedded hub keeps (on its storage thread, when it runs from its build). */
export const PROJECTIONS: SqlProjection[] = [...CASEWORK_PROJECTIONS, itemDeadlinesProjection, disclosureLogProjection];
