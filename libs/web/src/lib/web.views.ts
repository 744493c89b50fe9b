import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import nunjucks from 'nunjucks';

/** Where govuk-frontend's files are: resolved from the working folder's node_modules, as the app runs. */
export function govukFrontendDist(): string {
  const require = createRequire(join(process.cwd(), 'noop.js'));
  return join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
}

/**
 * Where our .njk views are: beside the bundle (the build copies libs/web/src/views to
 * dist/apps/<app>/views) or, run from source as under jest, in libs/web/src/views.
 */
export function webViewsFolder(): string {
  const candidates = [join(__dirname, 'views'), join(__dirname, '..', 'views')];
  const found = candidates.find((folder) => existsSync(join(folder, 'partials', 'layout.njk')));
  // Missing views would fail every page: refuse to start instead.
  if (!found) throw new Error(`The web pages' views are missing: looked for partials/layout.njk in ${candidates.join(' and ')}`);
  return found;
}

/** Renders the pages: our views over GOV.UK Frontend's layout and macros, HTML-escaped unless a macro says otherwise. */
@Injectable()
export class WebViews {
  private readonly environment = new nunjucks.Environment(
    [new nunjucks.FileSystemLoader(webViewsFolder()), new nunjucks.FileSystemLoader(govukFrontendDist())],
    { autoescape: true, throwOnUndefined: false },
  );

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
