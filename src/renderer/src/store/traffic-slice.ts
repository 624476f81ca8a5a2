import type { StateCreator } from 'zustand';
import type { LabMeta, TrafficEntry } from '../../../common/api';
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

const dataOf = <T>(event: Event) => JSON.parse((event as MessageEvent<string>).data) as T;

/**
 * The live traffic drawer, fed by the server-sent event stream. The same
 * stream says when the toggles or the lab clock change, so every open page
 * follows a switch flipped in another window.
 */
export const createTrafficSlice: StateCreator<Store, [], [], TrafficSlice> = (set, get) => ({
  traffic: [],
  trafficConnected: false,
  trafficOpen: false,
  connectTraffic: () => {
    // EventSource reconnects by itself and sends Last-Event-ID, so nothing is missed.
    const source = new EventSource('/api/lab/traffic/stream');
    let opened = false;
    source.onopen = () => {
      set({ trafficConnected: true });
      // A reconnect may have missed changes of the toggles or the clock: read them again.
      if (opened) void get().loadLab();
      opened = true;
    };
    source.onerror = () => set({ trafficConnected: false });
    source.addEventListener('exchange', (event) => {
      const entry = dataOf<TrafficEntry>(event);
      set((state) =>
        state.traffic.some((e) => e.id === entry.id) ? state : { traffic: [...state.traffic, entry].slice(-KEEP) },
      );
    });
    source.addEventListener('cleared', () => set({ traffic: [] }));
    source.addEventListener('toggles', (event) => get().labChanged({ toggles: dataOf<LabMeta['toggles']>(event) }));
    source.addEventListener('clock', (event) => get().labChanged({ clock: dataOf<LabMeta['clock']>(event) }));
    return () => source.close();
  },
  setTrafficOpen: (open) => set({ trafficOpen: open }),
  clearTrafficView: () => set({ traffic: [] }),
});
