import { startLab } from './lab-process';

/** One lab for the whole e2e run, at bcrypt cost 4 so logins are quick; its URL goes to the tests. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const lab = await startLab({ bcryptCost: 4 });
  process.env.AUTHLAB_E2E_URL = lab.url;
  return lab.stop;
}
