import { defineEvaluateSuite } from './evaluate-suite';

defineEvaluateSuite('pglite');
