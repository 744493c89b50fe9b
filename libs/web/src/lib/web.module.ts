import { DynamicModule, MiddlewareConsumer, Module, ModuleMetadata, NestModule, RequestMethod } from '@nestjs/common';
import { urlencoded } from 'express';
import { AssetsController } from './assets.controller';
import { WebController } from './web.controller';
import { WebViews } from './web.views';

/** The web interface. `imports` must export UserStore, CaseworkReadModels, CASE_READS and CLOCK. */
@Module({})
export class WebModule implements NestModule {
  static register(dependencies: { imports: NonNullable<ModuleMetadata['imports']> }): DynamicModule {
    return { module: WebModule, imports: dependencies.imports, controllers: [WebController, AssetsController], providers: [WebViews] };
  }

  /** Forms are posted URL-encoded (the API itself takes JSON only). */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(urlencoded({ extended: false, limit: '32kb' }))
      .forRoutes(
        { path: 'sign-in', method: RequestMethod.POST },
        { path: 'sign-out', method: RequestMethod.POST },
        { path: 'queue/*path', method: RequestMethod.POST },
      );
  }
}
