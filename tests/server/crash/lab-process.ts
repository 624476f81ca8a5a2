/**
 * A lab in a process of its own, for the crash-consistency test: it starts on
 * the data dir given as the first argument and prints its origins as one JSON
 * line. The test kills it with SIGKILL.
 */
import { startLab } from '../../../src/server/start';

// The burst is deliberately faster than any learner: the general per-IP limit
// (600 a minute) would refuse it, and refusals are not what this test checks.
const lab = await startLab({ dataDir: process.argv[2]!, port: 0, bcryptCost: 4, logLevel: 'silent', apiLimit: 0 });
await lab.context.ready;
process.stdout.write(JSON.stringify(lab.origins) + '\n');
