import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventLog, SqlReadModelStore } from '@escalation-hub/event-store';
import { CaseCommandRunner } from './case-command.runner';
import { CaseRepository } from './case.repository';
import { CaseworkReadModels } from './casework.read-models';
import { READ_MODEL_FRESHNESS, ReadModelFreshness } from './casework.ports';

/**
 * The casework application: the command runner every use case's handler uses, and the read models. `imports` must export: EventLog, SqlReadModelStore, DueTimePolicy and the
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
          inject: [SqlReadModelStore, READ_MODEL_FRESHNESS],
          useFactory: (readModels: SqlReadModelStore, freshness: ReadModelFreshness) =>
            new CaseworkReadModels(readModels.database, freshness),
        },
        CaseCommandRunner,
      ],
      exports: [CqrsModule, CaseworkReadModels, CaseCommandRunner],
    };
  }
}
