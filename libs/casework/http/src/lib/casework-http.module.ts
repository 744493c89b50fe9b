import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import { BearerAuthGuard } from './auth.guard';
import {
  CasesController,
  CaseViewController,
  DecisionsController,
  FeedController,
  ProviderCommandsController,
} from './casework.controllers';

/** Who a process serves: provider systems (the gateway), the public service (decisions), or both (the hub). */
export type CaseworkAudience = 'providers' | 'public-service';

const CONTROLLERS: Record<CaseworkAudience, Type[]> = {
  providers: [ProviderCommandsController, CaseViewController, FeedController],
  'public-service': [CasesController, CaseViewController, DecisionsController],
};

/** The casework HTTP API. `imports` must export TokenStore, CLOCK and the casework application. */
@Module({})
export class CaseworkHttpModule {
  static register(dependencies: {
    imports: NonNullable<ModuleMetadata['imports']>;
    audiences?: readonly CaseworkAudience[];
  }): DynamicModule {
    const audiences = dependencies.audiences ?? ['providers', 'public-service'];
    return {
      module: CaseworkHttpModule,
      imports: dependencies.imports,
      controllers: [...new Set(audiences.flatMap((audience) => CONTROLLERS[audience]))],
      providers: [BearerAuthGuard],
    };
  }
}
