import type { LabContext } from '../../core/context';
import type { ClientAuthMethod, ClientKind } from './repositories';

/** The scopes Lab ID knows. `lab.api` is the scope of the app origin's protected API. */
export const SCOPES: Record<string, string> = {
  openid: 'Sign you in and tell the app who you are',
  profile: 'Your name',
  email: 'Your email address',
  offline_access: 'Stay connected while you are away (a refresh token)',
  'lab.api': 'Read your data from the Auth Lab API',
};
export const API_SCOPE = 'lab.api';

export const CODE_TTL_MS = 5 * 60_000; // RFC 6749 §4.1.2: "a maximum lifetime of 10 minutes is RECOMMENDED"
export const ACCESS_TTL_S = 10 * 60;
export const ID_TOKEN_TTL_S = 10 * 60;
export const REFRESH_IDLE_MS = 24 * 60 * 60_000;
export const REFRESH_ABSOLUTE_MS = 14 * 24 * 60 * 60_000;
export const IDP_SESSION_TTL_MS = 60 * 60_000;
export const INTERACTION_TTL_MS = 10 * 60_000;
export const DEVICE_CODE_TTL_S = 10 * 60;
export const DEVICE_POLL_INTERVAL_S = 5;
/**
 * Wrong user codes allowed on the verification page per window of the lab clock
 * (RFC 8628 §5.1: brute-forcing the short user code must be rate-limited). The
 * window is the login throttle's, so the same sweep clears both.
 */
export const DEVICE_GUESS_LIMITS = { perSession: 5, perIp: 20 } as const;
/**
 * Dynamic registration is bounded (RFC 7591 §5: a server may limit open
 * registration): at most this many registered clients, and one never used is
 * swept this long after it was registered, on the lab clock.
 */
export const REGISTERED_CLIENT_LIMIT = 100;
export const UNUSED_CLIENT_TTL_MS = 24 * 60 * 60_000;

export interface DemoClientSpec {
  clientId: string;
  name: string;
  kind: ClientKind;
  authMethod: ClientAuthMethod;
  grantTypes: string[];
  scope: string;
  redirectUris: (origins: LabContext['origins']) => string[];
  /** Where Lab ID may send the browser after RP-initiated logout (registered, compared exactly). */
  postLogoutRedirectUris?: (origins: LabContext['origins']) => string[];
  /** What the UI says the client is for. */
  about: string;
}

/** The four demo clients, one per kind of client RFC 6749 §2.1 and RFC 8252 describe. */
export const DEMO_CLIENTS: DemoClientSpec[] = [
  {
    clientId: 'your-app',
    name: 'Your App',
    kind: 'web',
    authMethod: 'client_secret_basic',
    // 'password' is the legacy registration the password-grant demo needs; Lab ID refuses it while
    // oauth.refuseImplicitAndPassword ("refuse implicit and password grants") is on.
    grantTypes: ['authorization_code', 'refresh_token', 'password'],
    scope: 'openid profile email offline_access lab.api',
    redirectUris: (o) => [`${o.client}/callback`],
    postLogoutRedirectUris: (o) => [`${o.client}/`],
    about: 'A confidential web app with a backend (the client origin). Authenticates with its secret.',
  },
  {
    clientId: 'lab-spa',
    name: 'Lab Notes (SPA)',
    kind: 'spa',
    authMethod: 'none',
    grantTypes: ['authorization_code', 'refresh_token', 'implicit'],
    scope: 'openid profile email lab.api',
    redirectUris: (o) => [`${o.client}/spa/callback`],
    about: 'A public browser app: no secret can be kept in a page, so PKCE is what protects its code.',
  },
  {
    clientId: 'lab-cli',
    name: 'Lab CLI',
    kind: 'native',
    authMethod: 'none',
    grantTypes: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
    scope: 'openid profile email offline_access lab.api',
    redirectUris: () => ['http://127.0.0.1/callback'],
    about: 'A public native/CLI app: loopback redirect on any port (RFC 8252 §7.3) and the device flow (RFC 8628).',
  },
  {
    clientId: 'lab-machine',
    name: 'Nightly Report (machine)',
    kind: 'machine',
    authMethod: 'client_secret_basic',
    grantTypes: ['client_credentials'],
    scope: 'lab.api',
    redirectUris: () => [],
    about: 'A backend job with no user: client_credentials only.',
  },
];
