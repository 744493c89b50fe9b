import { Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  CASE_READS,
  CaseCommandResult,
  CaseReadRecorder,
  CaseworkReadModels,
  CLOCK,
  Clock,
  ExecuteCaseCommand,
} from '@escalation-hub/casework-application';
import { CaseworkError, CRN_PATTERN, isOpen, QUEUE_ITEM_KINDS, QueueItemKind } from '@escalation-hub/casework-domain';
import { UserStore, WebSession } from '@escalation-hub/identity';
import { actorOf } from '@escalation-hub/casework-http';
import { dateTimeText, kindLabel, timeLeftText } from './wording';
import { WebViews } from './web.views';

const SESSION_COOKIE = 'ehub_session';
const SIGN_IN_COOKIE = 'ehub_sign_in';
const STAFF = ['decision-maker', 'spo', 'aco'];
const NOTICES: Record<string, { text: string; type?: 'success' }> = {
  claimed: { text: 'You hold this item now: nobody else can claim or decide it until you release it or decide it.', type: 'success' },
  ITEM_CLAIMED_BY_ANOTHER: { text: 'Someone else claimed that item while you were reading the queue. It stays with them.' },
  ITEM_ALREADY_DECIDED: { text: 'That item was decided while you were reading the queue: there is nothing left to claim.' },
  signedOut: { text: 'You have signed out.' },
};

/**
 * The web interface for people: decision-makers work the queue, everyone reads cases. Server-rendered
 * GOV.UK Frontend pages; a session cookie (httpOnly, SameSite=Lax) after signing in, and a CSRF token
 * in every form. What a person does here is recorded under their user name, as over the API.
 */
@ApiExcludeController()
@Controller()
export class WebController {
  constructor(
    private readonly views: WebViews,
    private readonly users: UserStore,
    private readonly readModels: CaseworkReadModels,
    private readonly commandBus: CommandBus,
    @Inject(CASE_READS) private readonly caseReads: CaseReadRecorder,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  async home(@Req() request: Request, @Res() response: Response) {
    const session = await this.sessionOf(request);
    response.redirect(303, session ? '/queue' : '/sign-in');
  }

  @Get('sign-in')
  signInPage(@Res() response: Response, @Query('notice') notice?: string) {
    this.renderSignIn(response, 200, { notice });
  }

  @Post('sign-in')
  async signIn(@Req() request: Request, @Res() response: Response) {
    const form = formOf(request);
    const expected = cookiesOf(request)[SIGN_IN_COOKIE];
    if (!expected || !sameSecret(form['csrf'], expected)) return this.renderSignIn(response, 400, { stale: true });
    const name = (form['name'] ?? '').trim();
    const password = form['password'] ?? '';
    const errorFor: Record<string, string> = {};
    if (!name) errorFor['name'] = 'Enter your user name';
    if (!password) errorFor['password'] = 'Enter your password';
    const signedIn = Object.keys(errorFor).length === 0 ? await this.users.signIn(name, password, this.clock()) : undefined;
    if (!signedIn) {
      if (Object.keys(errorFor).length === 0) errorFor['password'] = 'The user name or password is not right';
      return this.renderSignIn(response, 401, { name, errorFor });
    }
    response.cookie(SESSION_COOKIE, signedIn.cookie, { httpOnly: true, sameSite: 'lax', secure: request.secure, path: '/' });
    response.clearCookie(SIGN_IN_COOKIE, { path: '/sign-in' });
    response.redirect(303, '/queue');
  }

  @Post('sign-out')
  async signOut(@Req() request: Request, @Res() response: Response) {
    const session = await this.sessionOf(request);
    if (session && sameSecret(formOf(request)['csrf'], session.csrfToken)) await this.users.signOut(cookiesOf(request)[SESSION_COOKIE]);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
    response.redirect(303, '/sign-in?notice=signedOut');
  }

  @Get('queue')
  async queue(@Req() request: Request, @Res() response: Response, @Query() query: Record<string, string>) {
    const session = await this.require(request, response, STAFF);
    if (!session) return;
    const now = this.clock();
    const kind = (QUEUE_ITEM_KINDS as readonly string[]).includes(query['kind']) ? (query['kind'] as QueueItemKind) : undefined;
    const filter = { kind, ldu: query['ldu']?.trim() || undefined, provider: query['provider']?.trim().toUpperCase() || undefined };
    const items = await this.readModels.queue({ ...filter, limit: 100 }, now);
    this.views.render(response, 200, 'queue.njk', {
      ...this.page(session, 'Decision queue', '/queue', query['notice']),
      filter,
      asAt: dateTimeText(now),
      total: items.length,
      kindOptions: [
        { value: '', text: 'Any' },
        ...QUEUE_ITEM_KINDS.map((value) => ({ value, text: kindLabel(value), selected: value === kind })),
      ],
      items: items.map((item) => ({
        ...item,
        kindLabel: kindLabel(item.kind),
        timeLeft: timeLeftText(new Date(item.dueAt), now),
        dueAtText: dateTimeText(new Date(item.dueAt)),
      })),
    });
  }

  @Post('queue/:itemId/claim')
  async claim(@Param('itemId') itemId: string, @Req() request: Request, @Res() response: Response) {
    const session = await this.require(request, response, STAFF, { csrf: true });
    if (!session) return;
    const item = await this.readModels.findItem(itemId);
    if (!item) return this.message(response, session, 404, 'Item not found', `There is no open item ${itemId}.`);
    try {
      const actor = actorOf(session.principal);
      await this.commandBus.execute<ExecuteCaseCommand, CaseCommandResult>(
        new ExecuteCaseCommand({ type: 'ClaimItem', crn: item.crn, actor, payload: { itemId } }),
      );
    } catch (error) {
      if (error instanceof CaseworkError && NOTICES[error.code]) return response.redirect(303, `/queue?notice=${error.code}`);
      throw error;
    }
    response.redirect(303, '/queue?notice=claimed');
  }

  @Get('cases/:crn')
  async casePage(@Param('crn') crn: string, @Req() request: Request, @Res() response: Response) {
    const session = await this.require(request, response, [...STAFF, 'auditor']);
    if (!session) return;
    const found = CRN_PATTERN.test(crn) ? await this.readModels.findCase(crn) : undefined;
    if (!found) return this.message(response, session, 404, 'Case not found', `There is no case ${crn}.`);
    await this.caseReads.record({
      crn,
      actor: actorOf(session.principal),
      view: 'case page',
      query: {},
      from: request.ip ?? 'unknown',
      userAgent: request.headers['user-agent'] ?? null,
    });
    const { state } = found;
    const now = this.clock();
    const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value } });
    this.views.render(response, 200, 'case.njk', {
      ...this.page(session, `Case ${crn}`, '/cases'),
      state,
      facts: [
        row('Managed by', state.managedBy === 'NPS' ? 'The public service (NPS)' : state.managedBy),
        row('Allocation', `${state.allocation.allocatedTo}: ${state.allocation.reason}`),
        row('Local delivery unit', state.ldu),
        row('Risk of serious harm', state.rosh.replace('_', ' ')),
        row('MAPPA', state.mappa ? `Category ${state.mappa.category}, level ${state.mappa.level}` : 'Not MAPPA'),
        row('Victim contact', state.victimContactEligible ? 'Eligible' : 'Not eligible'),
      ],
      openItems: Object.values(state.items)
        .filter(isOpen)
        .map((item) => ({
          kindLabel: kindLabel(item.kind),
          timeLeft: timeLeftText(new Date(item.dueAt), now),
          claimedBy: 'claimedBy' in item ? item.claimedBy : null,
        })),
    });
  }

  /** The signed-in person with one of `roles`, or undefined after answering (sign-in page, 403, stale form). */
  private async require(request: Request, response: Response, roles: string[], options: { csrf?: boolean } = {}) {
    const session = await this.sessionOf(request);
    if (!session) {
      response.redirect(303, '/sign-in');
      return undefined;
    }
    if (!roles.includes(session.principal.role)) {
      this.message(
        response,
        session,
        403,
        'You cannot use this page',
        `This page is for ${roles.join(', ')}; you are signed in as ${session.principal.role}.`,
      );
      return undefined;
    }
    if (options.csrf && !sameSecret(formOf(request)['csrf'], session.csrfToken)) {
      this.message(response, session, 400, 'The form had expired', 'Go back, reload the page and try again.');
      return undefined;
    }
    return session;
  }

  private async sessionOf(request: Request): Promise<WebSession | undefined> {
    const cookie = cookiesOf(request)[SESSION_COOKIE];
    return cookie ? this.users.session(cookie, this.clock()) : undefined;
  }

  private page(session: WebSession, title: string, current: string, notice?: string) {
    const staff = STAFF.includes(session.principal.role);
    return {
      title,
      user: session.principal,
      csrf: session.csrfToken,
      notice: notice ? NOTICES[notice] : undefined,
      navigation: staff ? [{ href: '/queue', text: 'Decision queue', active: current === '/queue' }] : [],
    };
  }

  private message(response: Response, session: WebSession, status: number, title: string, message: string) {
    this.views.render(response, status, 'message.njk', { ...this.page(session, title, ''), message });
  }

  private renderSignIn(
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
    this.views.render(response, status, 'sign-in.njk', {
      title: 'Sign in',
      csrf,
      name: options.name ?? '',
      errorFor,
      errors: errors.length > 0 ? errors : undefined,
      notice: options.notice === 'signedOut' ? NOTICES['signedOut'] : undefined,
      navigation: [],
    });
  }
}

function formOf(request: Request): Record<string, string> {
  const body: unknown = request.body;
  return typeof body === 'object' && body !== null ? (body as Record<string, string>) : {};
}

function cookiesOf(request: Request): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) cookies[part.slice(0, at).trim()] = decodeURIComponent(part.slice(at + 1).trim());
  }
  return cookies;
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
