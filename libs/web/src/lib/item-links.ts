import type { QueueItemKind } from '@escalation-hub/casework-domain';
import { COUNTERSIGNERS } from '@escalation-hub/casework-domain';

/** Where the person goes next: the item's own page, by its kind and their role. */
export function actionFor(itemId: string, kind: QueueItemKind, role: string): { href: string; text: string } | undefined {
  if (kind !== 'RECALL_COUNTERSIGN') return { href: `/items/${encodeURIComponent(itemId)}/decision`, text: 'Decide' };
  return (COUNTERSIGNERS as readonly string[]).includes(role)
    ? { href: `/items/${encodeURIComponent(itemId)}/countersignature`, text: 'Countersign' }
    : undefined;
}
