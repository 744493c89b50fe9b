import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { BearerAuthGuard } from '@escalation-hub/casework-use-cases';
import { AuditController } from './audit.controller';
import { AuditReportsController } from './audit-reports.controller';
import { DisclosuresController } from './disclosures.controller';
import { IntegrityController } from './integrity.controller';

/** The auditor API. `imports` must export EventLog, SqlReadModelStore, AccessLog, SigningKey, TokenStore and CLOCK. */
@Module({})
export class AuditHttpModule {
  static register(dependencies: { imports: NonNullable<ModuleMetadata['imports']> }): DynamicModule {
    return {
      module: AuditHttpModule,
      imports: dependencies.imports,
      controllers: [AuditController, AuditReportsController, DisclosuresController, IntegrityController],
      providers: [BearerAuthGuard],
    };
  }
}
