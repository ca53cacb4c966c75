import { defineParseWarningsSuite } from './parse-warnings-suite';

defineParseWarningsSuite('pglite');
