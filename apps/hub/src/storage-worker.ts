/** The embedded hub's storage thread (ADR 0011): a bundle of its own, started by the hub beside main.js. */
import { runStorageWorker } from '@escalation-hub/runtime';
import { PROJECTIONS } from './app/projections';

runStorageWorker(PROJECTIONS);
