import {
  ArgumentsHost,
  CanActivate,
  Catch,
  createParamDecorator,
  ExceptionFilter,
  ExecutionContext,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { UserRole, WebSession } from '@escalation-hub/identity';
import { formOf, textOf, unexpectedFields } from './forms';
import { hasRole, listText, roleName, sameSecret, WebAccess } from './web-access';

const PAGE_ROLES = 'web:page-roles';
const FORM_FIELDS = 'web:form-fields';

/** Who may use a page (or every page of a controller). A route under `WebPageGuard` without it is refused. */
export const PageRoles = (...roles: UserRole[]) => SetMetadata(PAGE_ROLES, roles);

/** The fields a page's form sends besides its CSRF token; any other field refuses the form. */
export const FormFields = (...fields: string[]) => SetMetadata(FORM_FIELDS, fields);

/** The signed-in person `WebPageGuard` let through. */
export const CurrentSession = createParamDecorator((_: unknown, context: ExecutionContext): WebSession => {
  const session = guardedSessions.get(context.switchToHttp().getRequest<Request>());
  if (!session) throw new Error('@CurrentSession() is only for routes under WebPageGuard');
  return session;
});

// Keyed by the request object, so a session lives exactly as long as its request.
const guardedSessions = new WeakMap<Request, WebSession>();

/** Why a request was turned away from a page: to sign in, or a page saying why (403, a stale or foreign form). */
class WebPageRefusal extends Error {
  private constructor(readonly answer: { signIn: true } | { session: WebSession; status: number; title: string; text: string }) {
    super('signIn' in answer ? 'Not signed in' : answer.title);
  }

  static signIn(): WebPageRefusal {
    return new WebPageRefusal({ signIn: true });
  }

  static page(session: WebSession, status: number, title: string, text: string): WebPageRefusal {
    return new WebPageRefusal({ session, status, title, text });
  }
}

/**
 * Lets a request reach a page only for a signed-in person with one of its `@PageRoles`; a form that
 * changes something must also carry the session's CSRF token and only the fields its `@FormFields`
 * name. Refusals are thrown as `WebPageRefusal`, for `WebPageRefusalFilter` to answer.
 */
@Injectable()
export class WebPageGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: WebAccess,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(PAGE_ROLES, targets);
    // A page nobody said who may use is a mistake: refuse it rather than show it to everyone.
    if (!roles) throw new Error(`${context.getClass().name}.${context.getHandler().name} has no @PageRoles`);
    const request = context.switchToHttp().getRequest<Request>();
    const session = await this.access.sessionOf(request);
    if (!session) throw WebPageRefusal.signIn();
    const role = session.principal.role;
    if (!hasRole(role, roles)) {
      throw WebPageRefusal.page(
        session,
        403,
        'You cannot use this page',
        `This page is for ${listText(roles.map(roleName))}. You are signed in as ${roleName(role)}.`,
      );
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const form = formOf(request);
      if (!sameSecret(textOf(form, 'csrf'), session.csrfToken)) {
        throw WebPageRefusal.page(session, 400, 'The form had expired', 'Nothing was recorded. Go back, reload the page and try again.');
      }
      const unexpected = unexpectedFields(form, this.reflector.getAllAndOverride<string[] | undefined>(FORM_FIELDS, targets) ?? []);
      if (unexpected.length > 0) {
        throw WebPageRefusal.page(
          session,
          400,
          'The form was not one of ours',
          `Nothing was recorded: this page does not send ${listText(unexpected.slice(0, 5))}.`,
        );
      }
    }
    guardedSessions.set(request, session);
    return true;
  }
}

/** Answers `WebPageGuard`'s refusals as pages do: a redirect to sign in, or a page saying why. */
@Catch(WebPageRefusal)
export class WebPageRefusalFilter implements ExceptionFilter<WebPageRefusal> {
  constructor(private readonly access: WebAccess) {}

  catch(refusal: WebPageRefusal, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { answer } = refusal;
    if ('signIn' in answer) return response.redirect(303, '/sign-in');
    this.access.message(response, answer.session, answer.status, answer.title, answer.text);
  }
}
