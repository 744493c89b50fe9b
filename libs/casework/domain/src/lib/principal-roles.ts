import type { Role } from './vocabulary';

/**
 * The roles people hold; they sign in to the web interface. Provider systems use tokens, never the
 * web; administrators work through the command line and the API.
 */
export const PEOPLE_ROLES = ['decision-maker', 'spo', 'aco', 'auditor'] as const satisfies readonly Role[];
export type PersonRole = (typeof PEOPLE_ROLES)[number];

declare global {
  // The roles identity's tokens and people carry are casework's (see identity's role-names.ts).
  interface HubRoleNames {
    token: Role;
    user: PersonRole;
  }
}
