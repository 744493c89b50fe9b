import type { QueueItemKind } from '@escalation-hub/casework-domain';

const KIND_LABELS: Record<QueueItemKind, string> = {
  ESCALATION: 'Risk escalation',
  BREACH_PACK: 'Breach pack',
  RECALL_COUNTERSIGN: 'Recall advice to countersign',
};

export function kindLabel(kind: QueueItemKind): string {
  return KIND_LABELS[kind];
}

/** "Due in 3 hours", "Overdue by 2 days": the largest unit that says it plainly. */
export function timeLeftText(dueAt: Date, now: Date): string {
  const difference = dueAt.getTime() - now.getTime();
  const amount = spanText(Math.abs(difference));
  return difference >= 0 ? `Due in ${amount}` : `Overdue by ${amount}`;
}

function spanText(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return plural(Math.max(minutes, 1), 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return plural(hours, 'hour');
  return plural(Math.floor(hours / 24), 'day');
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** "26 November 2026, 2:05pm" in London time, as GOV.UK writes dates. */
export function dateTimeText(at: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
  }).formatToParts(at);
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('day')} ${part('month')} ${part('year')}, ${part('hour')}:${part('minute')}${part('dayPeriod').toLowerCase().replace(/\s/g, '')}`;
}
