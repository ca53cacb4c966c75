import { describe } from 'vitest';
import { defineJobsSuite } from './jobs-suite';

const url = process.env.TEST_DATABASE_URL;

// Runs whenever TEST_DATABASE_URL is set, as CI always does (.ci/run starts PostgreSQL).
describe.skipIf(!url)('PostgreSQL (TEST_DATABASE_URL)', () => {
  defineJobsSuite('postgres', url);
});
