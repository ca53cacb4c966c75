import { defineModelsSuite } from './models-suite';

defineModelsSuite('pglite');
