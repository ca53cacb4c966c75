export { provisionModels, type ProvisionEvent, type ProvisionOptions, type ProvisionSource } from './provision';
export { modelStatus, type FileStatus, type ModelState, type ModelStatus } from './status';
export {
  DEFAULT_EMBEDDING_MODEL,
  DEFAULT_LLM_FILE,
  DEFAULT_LLM_URI,
  EMBEDDERS,
  TEST_LLM_FILE,
  modelsInSet,
  type ModelRole,
  type ModelSet,
} from './registry';
export { createProvisionDisplay, describeStatuses } from './progress-display';
