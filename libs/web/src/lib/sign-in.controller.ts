import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { UserStore } from '@escalation-hub/identity';
import { formOf, textOf, unexpectedFields } from './forms';
import { cookiesOf, hasRole, noticeFor, sameSecret, SESSION_COOKIE, STAFF, WebAccess } from './web-access';
import { SignInThrottle } from './sign-in-throttle';
import { WebViews } from './web.views';

const SIGN_IN_COOKIE = 'ehub_sign_in';
/** Longer than any password a person types; refusing more spares the hash function. */
const MAX_PASSWORD_LENGTH = 1024;

/** Signing in and out. Staff land on the queue, auditors on "find a case". */
@ApiExcludeController()
@Controller()
export class SignInController {
  private readonly throttle = new SignInThrottle();

  constructor(
    private readonly access: WebAccess,
    private readonly views: WebViews,
    private readonly users: UserStore,
  ) {}

  @Get()
  async home(@Req() request: Request, @Res() response: Response) {
    const session = await this.access.sessionOf(request);
    response.redirect(303, !session ? '/sign-in' : hasRole(session.principal.role, STAFF) ? '/queue' : '/cases');
  }

  @Get('sign-in')
  signInPage(@Res() response: Response, @Query('notice') notice?: string) {
    this.render(response, 200, { notice });
  }

  @Post('sign-in')
  async signIn(@Req() request: Request, @Res() response: Response) {
    const form = formOf(request);
    const expected = cookiesOf(request)[SIGN_IN_COOKIE];
    const expectedForm = unexpectedFields(form, ['name', 'password']).length === 0;
    if (!expected || !sameSecret(textOf(form, 'csrf'), expected) || !expectedForm) return this.render(response, 400, { stale: true });
    const name = textOf(form, 'name').trim().slice(0, 64);
    const password = textOf(form, 'password');
    const address = request.ip ?? 'unknown';
    const now = this.access.now();
    const errorFor: Record<string, string> = {};
    if (!name) errorFor['name'] = 'Enter your user name';
    if (!password) errorFor['password'] = 'Enter your password';
    if (password.length > MAX_PASSWORD_LENGTH) errorFor['password'] = 'The user name or password is not right';
    if (Object.keys(errorFor).length > 0) return this.render(response, 400, { name, errorFor });
    const wait = this.throttle.waitFor(name, address, now.getTime());
    if (wait > 0) {
      const minutes = Math.ceil(wait / 60_000);
      errorFor['password'] =
        `Too many wrong passwords. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again, or ask for a new password`;
      return this.render(response, 429, { name, errorFor });
    }
    const signedIn = await this.users.signIn(name, password, now);
    if (!signedIn) {
      this.throttle.failed(name, address, now.getTime());
      errorFor['password'] = 'The user name or password is not right';
      return this.render(response, 401, { name, errorFor });
    }
    this.throttle.succeeded(name, address);
    response.cookie(SESSION_COOKIE, signedIn.cookie, { httpOnly: true, sameSite: 'lax', secure: request.secure, path: '/' });
    response.clearCookie(SIGN_IN_COOKIE, { path: '/sign-in' });
    response.redirect(303, '/');
  }

  @Post('sign-out')
  async signOut(@Req() request: Request, @Res() response: Response) {
    const session = await this.access.sessionOf(request);
    // A sign-out posted from another site (no token, or another's) would let it end anyone's session.
    const form = formOf(request);
    if (session && (!sameSecret(textOf(form, 'csrf'), session.csrfToken) || unexpectedFields(form, []).length > 0)) {
      return this.access.message(
        response,
        session,
        400,
        'You are still signed in',
        'That sign-out did not come from a page of this service. To sign out, use the Sign out button above.',
      );
    }
    const cookie = cookiesOf(request)[SESSION_COOKIE];
    if (cookie) await this.users.signOut(cookie);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
    response.redirect(303, '/sign-in?notice=signedOut');
  }

  private render(
    response: Response,
    status: number,
    options: { name?: string; errorFor?: Record<string, string>; stale?: boolean; notice?: string },
  ) {
    // Before there is a session, the form's token is also set as a cookie the browser sends back (double submit).
    const csrf = randomBytes(24).toString('base64url');
    response.cookie(SIGN_IN_COOKIE, csrf, { httpOnly: true, sameSite: 'strict', path: '/sign-in' });
    const errorFor = options.errorFor ?? {};
    const errors = options.stale
      ? [{ text: 'The sign-in form had expired. Try again.', href: '#name' }]
      : Object.entries(errorFor).map(([field, text]) => ({ text, href: `#${field}` }));
    this.views.render(response, status, 'pages/sign-in.njk', {
      title: 'Sign in',
      csrf,
      name: options.name ?? '',
      errorFor,
      errors: errors.length > 0 ? errors : undefined,
      notice: options.notice === 'signedOut' ? noticeFor('signedOut') : undefined,
      navigation: [],
    });
  }
}
