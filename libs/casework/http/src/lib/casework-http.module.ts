import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { BearerAuthGuard } from './auth.guard';
import { CasesController, DecisionsController, FeedController } from './casework.controllers';

/** The casework HTTP API. `imports` must export TokenStore, CLOCK and the casework application. */
@Module({})
export class CaseworkHttpModule {
  static register(dependencies: { imports: NonNullable<ModuleMetadata['imports']> }): DynamicModule {
    return {
      module: CaseworkHttpModule,
      imports: dependencies.imports,
      controllers: [CasesController, DecisionsController, FeedController],
      providers: [BearerAuthGuard],
    };
  }
}
