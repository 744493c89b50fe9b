declare global {
  /**
   * Identity knows no role names. The application gives TokenStore and UserStore its role lists
   * (checked when a token is issued or a person added) and names their types once by filling in
   * this interface, as passport's users fill in `Express.User`:
   *
   *   declare global {
   *     interface HubRoleNames { token: Role; user: PersonRole }
   *   }
   *
   * Any code that needs the narrow types imports the application's role types, and with them the
   * declaration. Left empty, roles are plain strings. Casework fills it in (casework-domain).
   */
  // eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-empty-object-type -- the application fills it in
  interface HubRoleNames {}
}

/** A role a bearer token (a system or a person) may carry. */
export type TokenRole = HubRoleNames extends { token: infer Role extends string } ? Role : string;

/** A role a person signing in may hold: one of the token roles. */
export type UserRole = HubRoleNames extends { user: infer Role extends TokenRole } ? Role : TokenRole;
