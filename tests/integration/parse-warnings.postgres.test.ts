import { describe } from 'vitest';
import { defineParseWarningsSuite } from './parse-warnings-suite';

const url = process.env.TEST_DATABASE_URL;

// Runs whenever TEST_DATABASE_URL is set, as CI always does (.ci/run starts PostgreSQL).
describe.skipIf(!url)('PostgreSQL (TEST_DATABASE_URL)', () => {
  defineParseWarningsSuite('postgres', url);
});
