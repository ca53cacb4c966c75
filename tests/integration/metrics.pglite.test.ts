import { defineMetricsSuite } from './metrics-suite';

defineMetricsSuite('pglite');
