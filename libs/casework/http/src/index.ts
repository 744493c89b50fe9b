export * from './lib/auth.guard';
export * from './lib/casework.dto';
export * from './lib/casework.controllers';
export * from './lib/casework-errors.filter';
export * from './lib/validation.pipe';
export * from './lib/casework-http.module';
export * from './lib/provider-commands';
export * from './lib/provider-inbound.consumer';
