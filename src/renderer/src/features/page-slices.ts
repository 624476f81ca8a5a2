import type { StateCreator } from 'zustand';
import type { Store } from '../store';
import { createAccountsSlice, type AccountsSlice } from './accounts/accounts-slice';
import { createAttacksSlice, type AttacksSlice } from './attacks/attacks-slice';
import { createSelfCheckSlice, type SelfCheckSlice } from './attacks/self-check-slice';
import { createWalkthroughSlice, type WalkthroughSlice } from './attacks/walkthrough-slice';
import { createDrillsSlice, type DrillsSlice } from './drills/drills-slice';
import { createInspectorSlice, type InspectorSlice } from './inspector/inspector-slice';
import { createJwtSlice, type JwtSlice } from './jwt-lab/jwt-slice';
import { createMfaSlice, type MfaSlice } from './mfa-lab/mfa-slice';
import { createOAuthSlice, type OAuthSlice } from './oauth-lab/oauth-slice';
import { createPasswordSlice, type PasswordSlice } from './password-lab/password-slice';
import { createRateLimitSlice, type RateLimitSlice } from './ratelimit-lab/ratelimit-slice';
import { createSessionSlice, type SessionSlice } from './session-lab/session-slice';

/**
 * The store slices the pages own (zustand slices pattern), their creators and
 * their types side by side; store/index.ts combines them with the shared ones.
 * A page with its own slice adds its type and its creator here (pages.tsx holds its page).
 */
export type PageSlices = SessionSlice &
  AccountsSlice &
  DrillsSlice &
  JwtSlice &
  InspectorSlice &
  MfaSlice &
  OAuthSlice &
  PasswordSlice &
  RateLimitSlice &
  AttacksSlice &
  WalkthroughSlice &
  SelfCheckSlice;

export const createPageSlices: StateCreator<Store, [], [], PageSlices> = (...a) => ({
  ...createSessionSlice(...a),
  ...createAccountsSlice(...a),
  ...createDrillsSlice(...a),
  ...createJwtSlice(...a),
  ...createInspectorSlice(...a),
  ...createMfaSlice(...a),
  ...createOAuthSlice(...a),
  ...createPasswordSlice(...a),
  ...createRateLimitSlice(...a),
  ...createAttacksSlice(...a),
  ...createWalkthroughSlice(...a),
  ...createSelfCheckSlice(...a),
});
