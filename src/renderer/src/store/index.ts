import { create } from 'zustand';
import { createSessionSlice, type SessionSlice } from '../features/session-lab/session-slice';
import { createDrillsSlice, type DrillsSlice } from '../features/drills/drills-slice';
import { createInspectorSlice, type InspectorSlice } from '../features/inspector/inspector-slice';
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
  InspectorSlice;

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
}));
