import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { BearerAuthGuard } from '@escalation-hub/casework-http';
import { AuditController } from './audit.controller';

/** The auditor API. `imports` must export EventLog, AccessLog, TokenStore and CLOCK. */
@Module({})
export class AuditHttpModule {
  static register(dependencies: { imports: NonNullable<ModuleMetadata['imports']> }): DynamicModule {
    return {
      module: AuditHttpModule,
      imports: dependencies.imports,
      controllers: [AuditController],
      providers: [BearerAuthGuard],
    };
  }
}
