import type { AttackContext, AttackEntry, AttackResult } from '../../components/attack-catalogue';
import type { Store } from '../../store';
import { chosenEmail } from './session-slice';
import { CSRF_PAYLOAD, csrf, fixation, logoutReplay, theft } from './session-attacks';

const needsSession = (get: () => Store) =>
  get().sessionUser ? null : 'Log in first (above): this attack needs a live session to abuse.';

/** Every session attack ends by reloading what the page shows: cookie, row, sessions. */
const thenRefresh =
  (run: (ctx: AttackContext) => Promise<AttackResult>) =>
  async (ctx: AttackContext): Promise<AttackResult> => {
    try {
      return await run(ctx);
    } finally {
      await ctx.get().refreshSession();
    }
  };

/** The four session attacks, with the defence each one tests. */
export const SESSION_ATTACKS: AttackEntry[] = [
  {
    id: 'fixation',
    title: 'Session fixation',
    toggles: ['session.regenerateOnLogin'],
    step: 'fixation',
    how: [
      'If you are signed in, the lab logs you out: the planted id needs a browser that is not signed in yet.',
      'A window opens on the attacker\u2019s site. The attacker picks a session id and keeps a copy.',
      'The page sends your browser to the app\u2019s legacy link that takes a session id from the URL, so your cookie now holds the attacker\u2019s id.',
      'You (the victim, the account picked above) log in.',
      'The attacker calls GET /api/session/me with the id it planted.',
    ],
    defence:
      'Login throws away the id the browser arrived with and issues a new one, so a planted id never becomes a signed-in session.',
    note: 'The planting needs a real weakness: the app keeps a legacy "session id in the URL" entry point (/api/session/legacy/enter). Another site cannot set cookies for 127.0.0.1 any other way. The defence under test is what login does with the id.',
    attackerPage: () => '/session/fixation',
    precondition: (get) =>
      get().accounts.find((a) => a.email === chosenEmail(get()))?.mfa === false
        ? null
        : 'Pick a demo account without MFA (above) as the victim of this attack.',
    run: thenRefresh(fixation),
  },
  {
    id: 'csrf',
    title: 'Cross-site request forgery',
    toggles: ['session.sameSite', 'session.csrfToken'],
    step: 'csrf',
    how: [
      'A window opens on the attacker\u2019s site (localhost: a different site from 127.0.0.1).',
      'It submits a hidden form to POST /api/session/profile, changing your display name.',
      'Your browser decides whether the session cookie goes along; the server decides whether a request without a token counts.',
    ],
    defence:
      'A SameSite=Lax cookie stays home on a cross-site POST, and a state-changing request must carry the session\u2019s x-csrf-token, which another site cannot read.',
    note: 'Needs you logged in. The attack succeeds only when both SameSite and the CSRF token are off: each defence alone stops it. SameSite is a flag of the cookie, fixed when it is issued: log in again after flipping it.',
    attackerPage: (runTag) => `/session/csrf?displayName=${encodeURIComponent(CSRF_PAYLOAD)}&run=${runTag}`,
    precondition: needsSession,
    run: thenRefresh(csrf),
  },
  {
    id: 'theft',
    title: 'Cookie theft by script (XSS)',
    toggles: ['session.httpOnly'],
    step: 'httponly',
    how: [
      'An "injected" script reads document.cookie.',
      'If it finds the session id, it sends it to the attacker, who uses it from their own machine.',
    ],
    defence: 'An HttpOnly cookie is sent with requests but never shown to page script.',
    note: 'The app\u2019s Content-Security-Policy allows no inline script, so no real payload can be injected here. The script is simulated: it ships in the lab\u2019s bundle and does exactly what an XSS payload would. HttpOnly is a flag of the cookie, fixed when it is issued: log in again after flipping it.',
    run: thenRefresh(theft),
  },
  {
    id: 'logout',
    title: 'Logout that does not log out',
    toggles: ['session.serverSideLogout'],
    step: 'logout',
    how: [
      'The attacker gets a copy of your cookie (think shared computer or a proxy log; the lab hands it over).',
      'You log out.',
      'The attacker replays the copy against GET /api/session/me.',
    ],
    defence: 'Logout deletes the session row on the server, so every copy of the id stops working.',
    note: 'Needs you logged in. Logging out ends your own session here.',
    precondition: needsSession,
    run: thenRefresh(() => logoutReplay()),
  },
];
