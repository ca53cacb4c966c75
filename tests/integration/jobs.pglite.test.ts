import { defineJobsSuite } from './jobs-suite';

defineJobsSuite('pglite');
