import type { Response } from 'express';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { WebViews, webViewsFolder } from './web.views';

/** Just enough of Express's response to see what a page answers. */
function recordingResponse() {
  const answer = { status: 0, headers: {} as Record<string, string>, body: '' };
  const response = {
    status: (status: number) => ((answer.status = status), response),
    set: (headers: Record<string, string>) => (Object.assign(answer.headers, headers), response),
    send: (body: string) => ((answer.body = body), response),
  };
  return { response: response as unknown as Response, answer };
}

describe('WebViews', () => {
  const views = new WebViews();
  const layout = { title: 'Hello', navigation: [], user: { name: 'jo.officer', roleName: 'a decision-maker' }, csrf: 'token' };

  it('finds the views in the source when run from it', () => {
    expect(webViewsFolder()).toBe(join(__dirname, '..', 'views'));
  });

  it('renders a page in the GOV.UK layout, escaping what it is given', () => {
    const { response, answer } = recordingResponse();
    views.render(response, 404, 'pages/message.njk', { ...layout, message: '<script>alert(1)</script> & more' });
    expect(answer.status).toBe(404);
    expect(answer.body).toContain('<title>Hello – Escalation Hub</title>');
    expect(answer.body).toContain('<p class="govuk-body">&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>');
    expect(answer.body).toContain('Signed in as <strong>jo.officer</strong>, a decision-maker');
    // The one inline script, GOV.UK's, runs by the nonce the policy names.
    const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(answer.headers['content-security-policy'])?.[1];
    expect(answer.body).toContain(`<script nonce="${nonce}">`);
  });

  it.each(readdirSync(join(webViewsFolder(), 'pages')))('compiles and renders %s with an empty context', (page) => {
    const { response, answer } = recordingResponse();
    views.render(response, 200, `pages/${page}`, {
      ...layout,
      items: [],
      timeline: [],
      openItems: [],
      closedItems: [],
      reads: [],
      entries: [],
      integrity: {},
      picker: {},
      downloads: {},
      fields: {},
      errorFor: {},
      draft: {},
      item: {},
    });
    expect(answer.body).toMatch(/^<!DOCTYPE html>/);
  });
});
