import { create } from 'zustand';
import { createOAuthSlice, type OAuthSlice } from '../features/oauth-lab/oauth-slice';
import { createSessionSlice, type SessionSlice } from '../features/session-lab/session-slice';
import { createDrillsSlice, type DrillsSlice } from './drills-slice';
import { createInspectorSlice, type InspectorSlice } from './inspector-slice';
import { createJwtAttackSlice, type JwtAttackSlice } from './jwt-attack-slice';
import { createJwtSlice, type JwtSlice } from './jwt-slice';
import { createLabSlice, type LabSlice } from './lab-slice';
import { createTrafficSlice, type TrafficSlice } from './traffic-slice';
import { createUiSlice, type UiSlice } from './ui-slice';

export type Store = LabSlice &
  TrafficSlice &
  UiSlice &
  SessionSlice &
  DrillsSlice &
  JwtSlice &
  JwtAttackSlice &
  InspectorSlice &
  OAuthSlice;

/** One bound store made of feature slices (zustand slices pattern). */
export const useStore = create<Store>()((...a) => ({
  ...createLabSlice(...a),
  ...createTrafficSlice(...a),
  ...createUiSlice(...a),
  ...createSessionSlice(...a),
  ...createDrillsSlice(...a),
  ...createJwtSlice(...a),
  ...createJwtAttackSlice(...a),
  ...createInspectorSlice(...a),
  ...createOAuthSlice(...a),
}));
