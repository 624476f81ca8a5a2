/** What "Reset lab" wipes and keeps, said once for the confirm dialog and the Overview page (docs/RUNNING.md). */
export const LAB_RESET_WIPES =
  'every session (session lab and JWT lab), every refresh token and deny-list entry, the JWT signing keys (new ones are made, so no token signed before still verifies), MFA sign-ins in progress, login-failure counters, the inbox and recorded traffic; the lab clock goes back to real time and the demo accounts get their original profile back';

export const LAB_RESET_KEEPS =
  'accounts and their passwords, the defence switches, drill progress and your attack catalogue progress';
