import { PEOPLE_ROLES, PROVIDER_CODE_PATTERN, ROLES } from '@escalation-hub/casework-domain';
import type { TokenRules, UserRules } from '@escalation-hub/identity';

/** Every casework role may have a token; a provider's token names its provider. */
export const CASEWORK_TOKEN_RULES: TokenRules = {
  roles: ROLES,
  provider: { role: 'provider', code: PROVIDER_CODE_PATTERN, example: 'CRC07' },
};

/** People hold the roles that sign in to the web interface. */
export const CASEWORK_USER_RULES: UserRules = { roles: PEOPLE_ROLES };
