import { create } from 'zustand';
import { createAccountsSlice, type AccountsSlice } from '../features/accounts/accounts-slice';
import { createJwtSlice, type JwtSlice } from '../features/jwt-lab/jwt-slice';
import { createMfaSlice, type MfaSlice } from '../features/mfa-lab/mfa-slice';
import { createOAuthSlice, type OAuthSlice } from '../features/oauth-lab/oauth-slice';
import { createPasswordSlice, type PasswordSlice } from '../features/password-lab/password-slice';
import { createRateLimitSlice, type RateLimitSlice } from '../features/ratelimit-lab/ratelimit-slice';
import { createSessionSlice, type SessionSlice } from '../features/session-lab/session-slice';
import { createDrillsSlice, type DrillsSlice } from '../features/drills/drills-slice';
import { createInspectorSlice, type InspectorSlice } from '../features/inspector/inspector-slice';
import { createAttackSlice, type AttackSlice } from './attack-slice';
import { createLabSlice, type LabSlice } from './lab-slice';
import { createTrafficSlice, type TrafficSlice } from './traffic-slice';
import { createUiSlice, type UiSlice } from './ui-slice';

export type Store = LabSlice &
  TrafficSlice &
  UiSlice &
  AttackSlice &
  SessionSlice &
  AccountsSlice &
  DrillsSlice &
  JwtSlice &
  InspectorSlice &
  MfaSlice &
  OAuthSlice &
  PasswordSlice &
  RateLimitSlice;

/** One bound store made of slices (zustand slices pattern): shared ones here, each lab's in its feature folder. */
export const useStore = create<Store>()((...a) => ({
  ...createLabSlice(...a),
  ...createTrafficSlice(...a),
  ...createUiSlice(...a),
  ...createAttackSlice(...a),
  ...createSessionSlice(...a),
  ...createAccountsSlice(...a),
  ...createDrillsSlice(...a),
  ...createJwtSlice(...a),
  ...createInspectorSlice(...a),
  ...createMfaSlice(...a),
  ...createOAuthSlice(...a),
  ...createPasswordSlice(...a),
  ...createRateLimitSlice(...a),
}));
