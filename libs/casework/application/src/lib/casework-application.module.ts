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
  /** `scheduleOverdue: false` leaves the overdue scheduler out (a process without the decision queue). */
  static register(dependencies: { imports: NonNullable<ModuleMetadata['imports']>; scheduleOverdue?: boolean }): DynamicModule {
    const scheduler = dependencies.scheduleOverdue === false ? [] : [OverdueScheduler];
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
        ...scheduler,
      ],
      exports: [CqrsModule, CaseworkReadModels, ...scheduler],
    };
  }
}
