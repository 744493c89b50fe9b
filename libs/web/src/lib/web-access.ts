import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { CLOCK, Clock } from '@escalation-hub/casework-application';
import { COUNTERSIGNERS, PEOPLE_ROLES, PUBLIC_SERVICE_DECIDERS, REPORT_READERS } from '@escalation-hub/casework-domain';
import { AccessLog } from '@escalation-hub/audit-application';
import { actorOf } from '@escalation-hub/casework-use-cases';
import { UserRole, UserStore, WebSession } from '@escalation-hub/identity';
import { WebViews } from './web.views';

export const SESSION_COOKIE = 'ehub_session';
/** Public-service staff who work the queue (casework's deciders). */
export const STAFF: readonly UserRole[] = PUBLIC_SERVICE_DECIDERS;
/** Everyone who may read a case's record: every role a person holds (staff and auditors). */
export const READERS: readonly UserRole[] = PEOPLE_ROLES;
/** Who may read the late-decisions report (as over the API), and who countersign: casework's lists. */
export { COUNTERSIGNERS, REPORT_READERS };

/** Banners a page may be asked to show after a redirect (`?notice=`). */
export const NOTICES: Record<string, { text: string; type?: 'success' }> = {
  claimed: { text: 'You hold this item now: nobody else can claim or decide it until you release it or decide it.', type: 'success' },
  released: { text: 'You have given the item back to the queue.', type: 'success' },
  decided: { text: 'Your decision is recorded. The provider sees it in its feed.', type: 'success' },
  drafted: { text: 'Your recall advice is recorded. It now waits for an SPO to countersign it, then an ACO.', type: 'success' },
  spoSigned: { text: 'Your countersignature is recorded. The advice now waits for an ACO.', type: 'success' },
  issued: { text: 'Your countersignature is recorded and the recall advice is issued. The provider sees it in its feed.', type: 'success' },
  recallReturned: {
    text: 'The recall advice is back with its author, with your reasons. Nobody can sign it until it is revised.',
    type: 'success',
  },
  recallRevised: {
    text: 'Your revised recall advice is recorded. It waits for an SPO to countersign it again, then an ACO.',
    type: 'success',
  },
  recallWithdrawn: { text: 'The recall advice is withdrawn. It will not be issued.', type: 'success' },
  referred: { text: 'Referred. The provider may now record information bearing on risk on this case.', type: 'success' },
  courtStage: { text: 'Recorded. The provider that sent the breach pack is told this stage.', type: 'success' },
  recallStep: { text: 'Recorded. The provider managing the case is told this step.', type: 'success' },
  RECALL_ADVICE_RETURNED: {
    text: 'That recall advice was returned to its author while you were reading the queue: it is theirs to revise.',
  },
  acknowledged: { text: 'Acknowledged. Review it with what came of it before it is due.', type: 'success' },
  riskRecorded: {
    text: 'The information is recorded. It waits for the responsible officer’s side to acknowledge and review it.',
    type: 'success',
  },
  transferRequested: { text: 'Your request is recorded. It waits in the queue for the receiving area to answer.', type: 'success' },
  closed: { text: 'The case is closed. Its open items were withdrawn with it.', type: 'success' },
  reassessed: {
    text: 'Recorded. The allocation policy was applied again: the case page says who manages the case now, and why.',
    type: 'success',
  },
  nothingNew: {
    text: 'Nothing new was recorded: the case already had this (a form sent twice, say). The case page shows it as it stands.',
  },
  ITEM_CLAIMED_BY_ANOTHER: { text: 'Someone else claimed that item while you were reading the queue. It stays with them.' },
  ITEM_ALREADY_DECIDED: { text: 'That item was decided while you were reading the queue: there is nothing left to claim.' },
  RECALL_ADVICE_ALREADY_ISSUED: { text: 'That recall advice was issued while you were reading the queue: there is nothing left to claim.' },
  CASE_BUSY: { text: 'The case was changing as you clicked, and nothing was recorded. Try again.' },
  WRONG_EXPECTED_VERSION: { text: 'The case was changing as you clicked, and nothing was recorded. Try again.' },
  signedOut: { text: 'You have signed out.' },
};

/**
 * Who is signed in and the parts every page shares. Sessions are cookies (httpOnly, SameSite=Lax);
 * whether a person may use a page, and the CSRF token every form that changes something carries, are
 * checked by `WebPageGuard`.
 */
@Injectable()
export class WebAccess {
  constructor(
    private readonly views: WebViews,
    private readonly users: UserStore,
    private readonly accessLog: AccessLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async sessionOf(request: Request): Promise<WebSession | undefined> {
    const cookie = cookiesOf(request)[SESSION_COOKIE];
    return cookie ? this.users.session(cookie, this.clock()) : undefined;
  }

  /** What the layout needs: who is signed in, the navigation for their role, the CSRF token, a banner. */
  page(session: WebSession, title: string, current: string, notice?: string) {
    const role = session.principal.role;
    const links = [
      hasRole(role, STAFF) && { href: '/my-work', text: 'My work' },
      hasRole(role, STAFF) && { href: '/queue', text: 'Decision queue' },
      { href: '/cases', text: 'Find a case' },
      hasRole(role, REPORT_READERS) && { href: '/reports/late-decisions', text: 'Late decisions' },
      role === 'auditor' && { href: '/reports/disclosures', text: 'Disclosures' },
    ].filter((link): link is { href: string; text: string } => Boolean(link));
    return {
      title,
      user: { ...session.principal, roleName: roleName(role) },
      csrf: session.csrfToken,
      notice: noticeFor(notice),
      navigation: links.map((link) => ({ ...link, active: link.href === current })),
    };
  }

  message(response: Response, session: WebSession, status: number, title: string, message: string, back?: { href: string; text: string }) {
    this.views.render(response, status, 'pages/message.njk', { ...this.page(session, title, ''), message, back });
  }

  /** Records that this person read the case through `view`, before the page is answered (as over the API). */
  recordRead(session: WebSession, request: Request, crn: string, view: string, query: Record<string, string>): Promise<void> {
    return this.accessLog.record({
      crn,
      actor: actorOf(session.principal),
      view,
      query,
      from: request.ip ?? 'unknown',
      userAgent: request.headers['user-agent'] ?? null,
    });
  }

  now(): Date {
    return this.clock();
  }
}

/** The banner a `?notice=` names, if it names one of ours. */
export function noticeFor(notice: string | undefined): (typeof NOTICES)[string] | undefined {
  return notice && Object.hasOwn(NOTICES, notice) ? NOTICES[notice] : undefined;
}

const ROLE_NAMES: Record<string, string> = {
  'decision-maker': 'a decision-maker',
  spo: 'a senior probation officer (SPO)',
  aco: 'an assistant chief officer (ACO)',
  auditor: 'an auditor',
  admin: 'an administrator',
};

/** "a, b or c". */
export function listText(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** Whether a principal's role (a token's roles are wider than people's) is one of `roles`. */
export function hasRole(role: string, roles: readonly UserRole[]): boolean {
  return (roles as readonly string[]).includes(role);
}

export function roleName(role: string): string {
  return ROLE_NAMES[role] ?? role;
}

export function cookiesOf(request: Request): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    try {
      cookies[part.slice(0, at).trim()] = decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      // A cookie that is not valid percent-encoding is none of ours.
    }
  }
  return cookies;
}

export function sameSecret(given: string | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}
