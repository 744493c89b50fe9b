// The storage thread as the tests start it (under @swc-node/register), with one small read model.
import { runStorageWorker } from '../storage-worker';
import { streamCountsProjection } from './counting.projection';

runStorageWorker([streamCountsProjection]);
