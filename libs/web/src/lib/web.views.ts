import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
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
    const html = this.environment.render(template, context);
    response
      .status(status)
      .set({
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'x-frame-options': 'DENY',
        'referrer-policy': 'same-origin',
      })
      .send(html);
  }
}
