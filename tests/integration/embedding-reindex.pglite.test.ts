import { defineReindexSuite } from './embedding-reindex-suite';

defineReindexSuite('pglite');
