import type { JsonAnswer } from '../../../core/scripted-browser';
import { cannotRun, type AttackRunContext, type ServerAttack } from '../../attack-kit';
import { STOLEN_PASSWORD, appApi, resetLinkTo, tag, tokenOfLink, type AppApi } from './scene';

const said = (res: { status: number; body: JsonAnswer }) =>
  `${res.status} ${res.body.error ?? res.body.status ?? ''}`.trim();

/**
 * The attacker's last move: the token they hold sets their password, and the
 * victim's account opens to it. Only the reset's own refusal of the token
 * (400 invalid_or_expired_token) counts as blocked; a busy lab's 429 or a
 * password-policy 400 says nothing about the defence.
 */
async function takeOver(run: AttackRunContext, api: AppApi, email: string, token: string) {
  const res = await api.post('/api/password/reset', { token, password: STOLEN_PASSWORD });
  run.say(`POST /api/password/reset with that token and the attacker's password: ${said(res)}.`);
  if (res.status === 400 && res.body.error === 'invalid_or_expired_token') return false;
  if (res.status !== 200) throw cannotRun(`the reset answered ${said(res)}, not a refusal of the token.`);
  const login = await api.login(email, STOLEN_PASSWORD);
  run.say(`Signing in as ${email} with the attacker's password: ${login.status}.`);
  if (login.status !== 200)
    throw cannotRun(`the reset took the password, but signing in with it answered ${login.status}.`);
  return true;
}

/** The password_resets table from a leaked backup: its stored value is tried as the token. */
export const resetLeakedToken: ServerAttack = {
  async run(run) {
    const api = appApi(run);
    const victim = await api.register('victim');
    run.say(`Made a victim account ${victim.email}.`);
    await api.post('/api/password/forgot', { email: victim.email });
    run.say('The victim asked for a reset link; it sits unused in their mailbox.');
    const rows = await api.get('/api/lab/password/resets');
    const row = (Array.isArray(rows.body) ? (rows.body as Array<{ email: string; tokenKey: string }>) : []).find(
      (r) => r.email === victim.email,
    );
    if (!row) throw cannotRun('the reset link was not stored.');
    run.say(`The attacker reads the password_resets table from a leaked backup: ${row.tokenKey.slice(0, 12)}…`);
    const succeeded = await takeOver(run, api, victim.email, row.tokenKey);
    return {
      succeeded,
      summary: succeeded
        ? 'The stored value was the token itself: the backup reset the victim’s password.'
        : 'The stored value is only a SHA-256 of the token: the reset refused it.',
    };
  },
};

/** The victim's used link, found later, is opened again. */
export const resetReusedLink: ServerAttack = {
  async run(run) {
    const api = appApi(run);
    const victim = await api.register('victim');
    run.say(`Made a victim account ${victim.email}.`);
    await api.post('/api/password/forgot', { email: victim.email });
    const token = tokenOfLink((await resetLinkTo(api, victim.email)) ?? '');
    if (!token) throw cannotRun('no reset mail arrived.');
    const first = await api.post('/api/password/reset', { token, password: `victim new pass ${tag()}` });
    run.say(`The victim used the mailed link to set a new password: ${said(first)}.`);
    if (first.status !== 200) throw cannotRun(`the victim's own reset failed (${said(first)}).`);
    run.say('Later the attacker finds the same link in the browser history of a shared computer.');
    const succeeded = await takeOver(run, api, victim.email, token);
    return {
      succeeded,
      summary: succeeded ? 'The used link set the password a second time.' : 'The link was spent by its first use.',
    };
  },
};

/** The attacker asks for the victim's reset with their own site as the forwarded host. */
export const resetHostPoisoning: ServerAttack = {
  async run(run) {
    const api = appApi(run);
    const { attacker } = run.ctx.origins;
    const victim = await api.register('victim');
    const attackerHost = new URL(attacker).host;
    await api.post('/api/password/forgot', { email: victim.email }, { 'x-forwarded-host': attackerHost });
    run.say(`The attacker asked for a reset of ${victim.email} with "X-Forwarded-Host: ${attackerHost}".`);
    const link = (await resetLinkTo(api, victim.email)) ?? '';
    if (!link) throw cannotRun('no reset mail arrived.');
    run.say(`The victim got a genuine mail from the lab, with the link ${link.replace(/token=.*/, 'token=…')}`);
    if (new URL(link).origin !== new URL(attacker).origin) {
      return {
        succeeded: false,
        summary: 'The link pointed at the lab itself: clicking it gave the attacker nothing.',
      };
    }
    run.say('The victim clicks it: the attacker’s site reads the token from the URL.');
    const succeeded = await takeOver(run, api, victim.email, tokenOfLink(link) ?? '');
    return {
      succeeded,
      summary: succeeded
        ? 'The mailed link pointed at the attacker’s site, which took the token and the account.'
        : 'The link pointed at the attacker, but the token it carried did not reset the password.',
    };
  },
};
