import { create } from 'zustand';
import { createPageSlices, type PageSlices } from '../features/page-slices';
import { createAttackSlice, type AttackSlice } from './attack-slice';
import { createLabSlice, type LabSlice } from './lab-slice';
import { createTrafficSlice, type TrafficSlice } from './traffic-slice';
import { createUiSlice, type UiSlice } from './ui-slice';

export type Store = LabSlice & TrafficSlice & UiSlice & AttackSlice & PageSlices;

/** One bound store made of slices (zustand slices pattern): shared ones here, each page's from features/page-slices.ts. */
export const useStore = create<Store>()((...a) => ({
  ...createLabSlice(...a),
  ...createTrafficSlice(...a),
  ...createUiSlice(...a),
  ...createAttackSlice(...a),
  ...createPageSlices(...a),
}));
