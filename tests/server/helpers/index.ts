/**
 * The one helper module for every lab's tests: the harness (a lab built for
 * `app.inject`, or listening when a socket matters), what every lab shares
 * (demo accounts, toggles, the lab clock's TOTP), and one namespace per lab.
 * A new lab adds `helpers/<lab>.ts` and one export line here.
 */
export * from './harness';
export * from './shared';
export * as jwtLab from './jwt';
export * as mfaLab from './mfa';
export * as sessionLab from './session';
export * as oauthLab from './oauth';
export * as passwordLab from './password';
export * from './timing';
