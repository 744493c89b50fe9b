import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { join } from 'node:path';
import { govukFrontendDist } from './web.views';

const INIT = "import { initAll } from '/assets/govuk-frontend.min.js';\ninitAll();\n";

/** GOV.UK Frontend's stylesheet, script, fonts and images, cached for a day. */
@ApiExcludeController()
@Controller('assets')
export class AssetsController {
  private readonly govuk = join(govukFrontendDist(), 'govuk');

  @Get('init.js')
  init(@Res() response: Response) {
    response.type('text/javascript').set('cache-control', 'public, max-age=86400').send(INIT);
  }

  @Get(':file')
  file(@Param('file') file: string, @Res() response: Response) {
    const top: Record<string, string> = { 'govuk-frontend.min.css': this.govuk, 'govuk-frontend.min.js': this.govuk };
    if (top[file]) return this.send(response, top[file], file);
    if (file === 'manifest.json') return this.send(response, join(this.govuk, 'assets'), file);
    throw new NotFoundException();
  }

  @Get(':folder/:file')
  nested(@Param('folder') folder: string, @Param('file') file: string, @Res() response: Response) {
    if (folder !== 'fonts' && folder !== 'images') throw new NotFoundException();
    return this.send(response, join(this.govuk, 'assets', folder), file);
  }

  private send(response: Response, root: string, file: string) {
    // `root` keeps the path inside that folder (express refuses ../ and absolute paths).
    response.sendFile(file, { root, maxAge: 86_400_000 }, (error) => {
      if (error && !response.headersSent) response.status(404).end();
    });
  }
}
