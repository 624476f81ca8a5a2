/**
 * The old entry point, kept for test files written before helpers/: it
 * starts real listeners, as those files expect (they may call the global
 * fetch). New tests import from ./helpers and run through app.inject.
 */
import { startTestLab as start, useTestLab as use, type LabHarness, type TestLabOptions } from './helpers';

export { freshDataDir, requestWithHost, type LabHarness } from './helpers';

export const startTestLab = (dataDir?: string, options: TestLabOptions = { listen: true }): Promise<LabHarness> =>
  start(dataDir, options);

export const useTestLab = (options: TestLabOptions & { resetBeforeEach?: boolean } = {}): LabHarness =>
  use({ listen: true, ...options });
