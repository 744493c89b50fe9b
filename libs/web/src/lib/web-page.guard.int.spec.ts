import { Controller, Get, INestApplication, Module, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Response } from 'express';
import { urlencoded } from 'express';
import type { AddressInfo } from 'node:net';
import { CLOCK } from '@escalation-hub/casework-application';
import { AccessLog } from '@escalation-hub/audit-application';
import { UserStore, WebSession } from '@escalation-hub/identity';
import type { SqlDatabase } from '@escalation-hub/sql';
import { SQL_TEST_ENGINES, SqlTestStorage } from '@escalation-hub/sql/testing';
import { SESSION_COOKIE, WebAccess } from './web-access';
import { CurrentSession, FormFields, PageRoles, WebPageGuard, WebPageRefusalFilter } from './web-page.guard';
import { WebViews } from './web.views';

@Controller('pages')
@UseGuards(WebPageGuard)
@UseFilters(WebPageRefusalFilter)
@PageRoles('spo', 'aco')
class PagesUnderTest {
  @Get('countersigners')
  countersigners(@CurrentSession() session: WebSession, @Res() response: Response) {
    response.send(`Hello ${session.principal.name}`);
  }

  @Get('auditors')
  @PageRoles('auditor')
  auditors(@CurrentSession() session: WebSession, @Res() response: Response) {
    response.send(`Hello ${session.principal.name}`);
  }

  @Post('countersign')
  @FormFields('rationale')
  countersign(@CurrentSession() session: WebSession, @Res() response: Response) {
    response.send(`Recorded for ${session.principal.name}`);
  }
}

@Controller('unnamed')
@UseGuards(WebPageGuard)
@UseFilters(WebPageRefusalFilter)
class PageWithoutRoles {
  @Get()
  page(@Res() response: Response) {
    response.send('shown to anyone');
  }
}

describe('WebPageGuard', () => {
  const now = new Date('2026-11-26T09:00:00Z');
  let storage: SqlTestStorage;
  let database: SqlDatabase;
  let app: INestApplication;
  let base: string;
  let spo: { cookie: string; csrf: string };
  let auditor: { cookie: string; csrf: string };

  beforeAll(async () => {
    storage = SQL_TEST_ENGINES[0].open();
    database = storage.database();
    const users = new UserStore(database, { roles: ['decision-maker', 'spo', 'aco', 'auditor'] });
    await users.migrate();
    const signIn = async (name: string, role: 'spo' | 'auditor') => {
      await users.add({ name, role, password: 'correct horse battery staple' }, now);
      const signedIn = await users.signIn(name, 'correct horse battery staple', now);
      const session = await users.session(signedIn?.cookie ?? '', now);
      return { cookie: `${SESSION_COOKIE}=${signedIn?.cookie}`, csrf: session?.csrfToken ?? '' };
    };
    spo = await signIn('spo.carol', 'spo');
    auditor = await signIn('auditor.frank', 'auditor');

    @Module({
      controllers: [PagesUnderTest, PageWithoutRoles],
      providers: [
        WebViews,
        WebAccess,
        { provide: UserStore, useValue: users },
        // The guard never records reads; WebAccess only needs one to exist.
        { provide: AccessLog, useValue: null },
        { provide: CLOCK, useValue: () => now },
      ],
    })
    class PagesModule {}

    const moduleRef = await Test.createTestingModule({ imports: [PagesModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.use(urlencoded({ extended: false }));
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app?.close();
    await database?.close();
    await storage?.cleanup();
  });

  const get = (path: string, who?: { cookie: string }) =>
    fetch(`${base}${path}`, { redirect: 'manual', headers: who ? { cookie: who.cookie } : {} });
  const post = (path: string, who: { cookie: string }, form: Record<string, string>) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });

  it('sends someone who is not signed in to sign in', async () => {
    const response = await get('/pages/countersigners');
    expect([response.status, response.headers.get('location')]).toEqual([303, '/sign-in']);
    const withStaleCookie = await get('/pages/countersigners', { cookie: `${SESSION_COOKIE}=not-a-session` });
    expect([withStaleCookie.status, withStaleCookie.headers.get('location')]).toEqual([303, '/sign-in']);
  });

  it('gives the session to a person whose role the page names, the handler overriding the controller', async () => {
    expect(await (await get('/pages/countersigners', spo)).text()).toBe('Hello spo.carol');
    expect(await (await get('/pages/auditors', auditor)).text()).toBe('Hello auditor.frank');
  });

  it('answers any other role with a 403 page that says who the page is for', async () => {
    const response = await get('/pages/countersigners', auditor);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toContain('<h1 class="govuk-heading-l">You cannot use this page</h1>');
    expect(html).toContain(
      'This page is for a senior probation officer (SPO) or an assistant chief officer (ACO). You are signed in as an auditor.',
    );
    expect((await get('/pages/auditors', spo)).status).toBe(403);
  });

  it('records a form only with the session’s CSRF token and the fields the page sends', async () => {
    const stale = await post('/pages/countersign', spo, { csrf: 'guessed', rationale: 'Agreed' });
    expect(stale.status).toBe(400);
    expect(await stale.text()).toContain('The form had expired');
    const othersToken = await post('/pages/countersign', spo, { csrf: auditor.csrf, rationale: 'Agreed' });
    expect(othersToken.status).toBe(400);
    const foreign = await post('/pages/countersign', spo, { csrf: spo.csrf, rationale: 'Agreed', outcome: 'RECALL' });
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain('Nothing was recorded: this page does not send outcome.');
    const sent = await post('/pages/countersign', spo, { csrf: spo.csrf, rationale: 'Agreed' });
    expect([sent.status, await sent.text()]).toEqual([201, 'Recorded for spo.carol']);
  });

  it('refuses a page that names no roles rather than showing it to everyone', async () => {
    expect((await get('/unnamed', spo)).status).toBe(500);
  });
});
