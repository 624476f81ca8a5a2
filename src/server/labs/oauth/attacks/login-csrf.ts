import { signInAndConsent } from '../runs';
import { ScriptedBrowser } from '../../../core/scripted-browser';
import { type OAuthAttack } from './scene';

/** Login CSRF: the victim’s browser finishes the attacker’s login, because the callback’s state is not checked. */
export const loginCsrf: OAuthAttack = {
  id: 'login-csrf',
  async run({ lab, steps, attacker, origins, verdict }) {
    const attackerBrowser = new ScriptedBrowser(lab.fetch);
    steps.push('The attacker starts "Log in with Lab ID" at Your App and signs in with the attacker’s own account.');
    const start = await attackerBrowser.request('GET', `${origins.client}/login`);
    const back = await signInAndConsent(lab, attackerBrowser, start.location ?? '', attacker);
    const callback = back.location ?? '';
    steps.push('The attacker stops before the callback and sends its URL (code + state) to the victim.');
    const victimBrowser = new ScriptedBrowser(lab.fetch);
    const landed = await victimBrowser.request('GET', callback);
    const home = await victimBrowser.request('GET', `${origins.client}/`);
    const loggedInAsAttacker = home.text.includes(`Logged in as ${attacker.email}`);
    steps.push(
      loggedInAsAttacker
        ? `The victim’s browser is now logged in to Your App as ${attacker.email}: whatever they save goes to the attacker.`
        : `Your App refused the callback (${landed.location ?? landed.status}).`,
    );
    return verdict(
      loggedInAsAttacker,
      loggedInAsAttacker
        ? 'Login CSRF: the victim uses the attacker’s account.'
        : 'The state was not the one this browser started with.',
    );
  },
};
