import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import nunjucks from 'nunjucks';
import { TEMPLATES } from './templates';

/** Where govuk-frontend's files are: resolved from the working folder's node_modules, as the app runs. */
export function govukFrontendDist(): string {
  const require = createRequire(join(process.cwd(), 'noop.js'));
  return join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
}

/** Renders the pages: our templates (in code) over GOV.UK Frontend's layout and macros. */
@Injectable()
export class WebViews {
  private readonly environment: nunjucks.Environment;

  constructor() {
    const ours: nunjucks.ILoader = {
      getSource: (name: string) => (TEMPLATES[name] === undefined ? null : { src: TEMPLATES[name], path: name, noCache: false }),
    } as nunjucks.ILoader;
    this.environment = new nunjucks.Environment([ours, new nunjucks.FileSystemLoader(govukFrontendDist())], {
      autoescape: true,
      throwOnUndefined: false,
    });
  }

  render(response: Response, status: number, template: string, context: Record<string, unknown>): void {
    // GOV.UK's layout has one inline script (it marks the page as having JavaScript): allowed by a nonce, nothing else inline.
    const cspNonce = randomBytes(16).toString('base64');
    const html = this.environment.render(template, { ...context, cspNonce });
    response
      .status(status)
      .set({
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': `default-src 'self'; script-src 'self' 'nonce-${cspNonce}'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
        'x-frame-options': 'DENY',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'same-origin',
      })
      .send(html);
  }
}
