import { defineSchedulingSuite } from './ingest-scheduling-suite';

defineSchedulingSuite('pglite');
