import { DynamicModule, MiddlewareConsumer, Module, ModuleMetadata, NestModule, RequestMethod } from '@nestjs/common';
import { urlencoded } from 'express';
import { AssetsController } from './assets.controller';
import { CasePagesController } from './case-pages.controller';
import { CaseActionsController } from './case-actions.controller';
import { DecisionPagesController } from './decision-pages.controller';
import { MyWorkController } from './my-work.controller';
import { QueueController } from './queue.controller';
import { ReportPagesController } from './report-pages.controller';
import { SignInController } from './sign-in.controller';
import { WebAccess } from './web-access';
import { WebCommands } from './web-commands';
import { WebViews } from './web.views';

/**
 * The web interface for people. `imports` must export UserStore, CaseworkReadModels, the command bus,
 * EventLog, AccessLog, EvidenceExporter, SqlReadModelStore and CLOCK.
 */
@Module({})
export class WebModule implements NestModule {
  static register(dependencies: { imports: NonNullable<ModuleMetadata['imports']> }): DynamicModule {
    return {
      module: WebModule,
      imports: dependencies.imports,
      controllers: [
        SignInController,
        QueueController,
        MyWorkController,
        CasePagesController,
        DecisionPagesController,
        CaseActionsController,
        ReportPagesController,
        AssetsController,
      ],
      providers: [WebViews, WebAccess, WebCommands],
    };
  }

  /** Forms are posted URL-encoded (the API itself takes JSON only); 10,000 characters of reasons fit easily. */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(urlencoded({ extended: false, limit: '256kb' }))
      .forRoutes(
        { path: 'sign-in', method: RequestMethod.POST },
        { path: 'sign-out', method: RequestMethod.POST },
        { path: 'queue/*path', method: RequestMethod.POST },
        { path: 'items/*path', method: RequestMethod.POST },
        { path: 'cases/*path', method: RequestMethod.POST },
      );
  }
}
