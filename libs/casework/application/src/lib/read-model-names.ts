/** The casework read models by name: what a command waits for, and what a read waits on. */
export const CASEWORK_READ_MODELS = {
  caseView: 'case-view',
  decisionQueue: 'decision-queue',
  providerFeed: 'provider-feed',
} as const;

/** What a provider reads next after posting: its case and its feed, both made from the provider feed. */
export const PROVIDER_NEXT_READS: readonly string[] = [CASEWORK_READ_MODELS.providerFeed];
/** What public-service staff read next after a command: the case and the queue. */
export const STAFF_NEXT_READS: readonly string[] = [CASEWORK_READ_MODELS.caseView, CASEWORK_READ_MODELS.decisionQueue];
