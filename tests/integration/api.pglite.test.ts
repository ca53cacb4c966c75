import { defineApiSuite } from './api-suite';

defineApiSuite('pglite');
