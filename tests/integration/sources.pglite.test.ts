import { defineSourcesSuite } from './sources-suite';

defineSourcesSuite('pglite');
