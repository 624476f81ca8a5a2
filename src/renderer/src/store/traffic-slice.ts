import type { StateCreator } from 'zustand';
import type { TrafficEntry } from '../../../common/api';
import type { Store } from './index';

const KEEP = 300;

export interface TrafficSlice {
  traffic: TrafficEntry[];
  trafficConnected: boolean;
  trafficOpen: boolean;
  /** Starts the live feed; returns a function that stops it. */
  connectTraffic: () => () => void;
  setTrafficOpen: (open: boolean) => void;
  clearTrafficView: () => void;
}

/** The live traffic drawer, fed by the server-sent event stream. */
export const createTrafficSlice: StateCreator<Store, [], [], TrafficSlice> = (set) => ({
  traffic: [],
  trafficConnected: false,
  trafficOpen: false,
  connectTraffic: () => {
    // EventSource reconnects by itself and sends Last-Event-ID, so nothing is missed.
    const source = new EventSource('/api/lab/traffic/stream');
    source.onopen = () => set({ trafficConnected: true });
    source.onerror = () => set({ trafficConnected: false });
    source.addEventListener('exchange', (event) => {
      const entry = JSON.parse((event as MessageEvent<string>).data) as TrafficEntry;
      set((state) =>
        state.traffic.some((e) => e.id === entry.id) ? state : { traffic: [...state.traffic, entry].slice(-KEEP) },
      );
    });
    source.addEventListener('cleared', () => set({ traffic: [] }));
    return () => source.close();
  },
  setTrafficOpen: (open) => set({ trafficOpen: open }),
  clearTrafficView: () => set({ traffic: [] }),
});
