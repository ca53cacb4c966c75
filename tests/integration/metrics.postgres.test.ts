import { describe } from 'vitest';
import { defineMetricsSuite } from './metrics-suite';

const url = process.env.TEST_DATABASE_URL;

// Runs whenever TEST_DATABASE_URL is set, as CI always does.
describe.skipIf(!url)('PostgreSQL (TEST_DATABASE_URL)', () => {
  defineMetricsSuite('postgres', url);
});
