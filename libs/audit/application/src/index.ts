export * from './lib/case-timeline';
export * from './lib/access-log';
export * from './lib/late-decisions.projection';
export * from './lib/store-integrity';
export * from './lib/evidence-bundle';
export * from './lib/disclosure-log';
