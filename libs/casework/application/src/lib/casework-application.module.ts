import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventLog, SqlReadModelStore } from '@escalation-hub/event-store';
import { CaseCommandHandler } from './case-command.handler';
import { CaseRepository } from './case.repository';
import { CaseworkReadModels } from './casework.read-models';
import { OverdueScheduler } from './overdue.scheduler';

/**
 * Casework use cases. `imports` must export: EventLog, SqlReadModelStore, DueTimePolicy and the
 * tokens in casework.ports (CLOCK, READ_MODEL_FRESHNESS, OVERDUE_SCAN_INTERVAL_MS, LEADERSHIP).
 */
@Module({})
export class CaseworkApplicationModule {
  static register(dependencies: { imports: NonNullable<ModuleMetadata['imports']> }): DynamicModule {
    return {
      module: CaseworkApplicationModule,
      imports: [CqrsModule, ...dependencies.imports],
      providers: [
        { provide: CaseRepository, inject: [EventLog], useFactory: (log: EventLog) => new CaseRepository(log) },
        {
          provide: CaseworkReadModels,
          inject: [SqlReadModelStore],
          useFactory: (readModels: SqlReadModelStore) => new CaseworkReadModels(readModels.database),
        },
        CaseCommandHandler,
        OverdueScheduler,
      ],
      exports: [CqrsModule, CaseworkReadModels, OverdueScheduler],
    };
  }
}
