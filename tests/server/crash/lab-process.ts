/**
 * A lab in a process of its own, for the crash-consistency test: it starts on
 * the data dir given as the first argument and prints its origins as one JSON
 * line. The test kills it with SIGKILL.
 */
import { startLab } from '../../../src/server/start';

const lab = await startLab({ dataDir: process.argv[2]!, port: 0, bcryptCost: 4, logLevel: 'silent' });
await lab.context.ready;
process.stdout.write(JSON.stringify(lab.origins) + '\n');
