import { Controller, Get, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CaseworkReadModels } from '@escalation-hub/casework-application';
import type { WebSession } from '@escalation-hub/identity';
import { textOf } from './forms';
import { actionFor } from './item-links';
import { workSections } from './my-work';
import { STAFF, WebAccess } from './web-access';
import { CurrentSession, PageRoles, WebPageGuard, WebPageRefusalFilter } from './web-page.guard';
import { WebViews } from './web.views';
import { dateTimeText, kindLabel, timeLeftText } from './wording';

/** One person's work: what they hold, and what waits for them to acknowledge, review, revise or sign. */
@ApiExcludeController()
@Controller('my-work')
@UseGuards(WebPageGuard)
@UseFilters(WebPageRefusalFilter)
@PageRoles(...STAFF)
export class MyWorkController {
  constructor(
    private readonly access: WebAccess,
    private readonly views: WebViews,
    private readonly readModels: CaseworkReadModels,
  ) {}

  @Get()
  async myWork(@CurrentSession() session: WebSession, @Req() request: Request, @Res() response: Response) {
    const now = this.access.now();
    const { name, role } = session.principal;
    const sections = workSections(await this.readModels.workCandidates(name, now), name, role);
    this.views.render(response, 200, 'pages/my-work.njk', {
      ...this.access.page(session, 'My work', '/my-work', textOf(request.query, 'notice')),
      asAt: dateTimeText(now),
      sections: sections.map((section) => ({
        ...section,
        items: section.items.map((candidate) => ({
          ...candidate,
          kindLabel: kindLabel(candidate.kind),
          href: (
            actionFor(candidate.itemId, candidate.kind, role) ?? { href: `/items/${encodeURIComponent(candidate.itemId)}/countersignature` }
          ).href,
          timeLeft: timeLeftText(new Date(candidate.dueAt), now),
          dueAtText: dateTimeText(candidate.dueAt),
        })),
      })),
      empty: sections.every((section) => section.items.length === 0),
    });
  }
}
