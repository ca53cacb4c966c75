import { defineTraceSuite } from './trace-suite';

defineTraceSuite('pglite');
