// Remembers the window's size and position between runs. The file lives in
// userData and is treated as untrusted input: anything malformed falls back to
// the defaults, and a position on a monitor that is no longer attached is dropped.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface DisplayArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false };
export const MIN_WINDOW_SIZE = { width: 800, height: 560 } as const;
/** How much of the window must overlap a display for the saved position to be kept. */
const MIN_VISIBLE = { width: 120, height: 60 } as const;

function finiteNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : null;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}

function overlap(window: DisplayArea, display: DisplayArea): { width: number; height: number } {
  return {
    width: Math.min(window.x + window.width, display.x + display.width) - Math.max(window.x, display.x),
    height: Math.min(window.y + window.height, display.y + display.height) - Math.max(window.y, display.y),
  };
}

function fitSize(width: number, height: number, display: DisplayArea | undefined) {
  return {
    width: clamp(width, MIN_WINDOW_SIZE.width, display?.width ?? width),
    height: clamp(height, MIN_WINDOW_SIZE.height, display?.height ?? height),
  };
}

/** The default size, fitted to the primary display. */
export function defaultWindowState(displays: readonly DisplayArea[]): WindowState {
  return { ...fitSize(DEFAULT_WINDOW_STATE.width, DEFAULT_WINDOW_STATE.height, displays[0]), maximized: false };
}

/**
 * Parses a saved window state against the current displays' work areas.
 * Anything that is not a well-formed state gives the defaults.
 */
export function parseWindowState(json: string, displays: readonly DisplayArea[]): WindowState {
  let saved: unknown;
  try {
    saved = JSON.parse(json);
  } catch {
    return defaultWindowState(displays);
  }
  if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) return defaultWindowState(displays);
  const record = saved as Record<string, unknown>;
  const width = finiteNumber(record.width);
  const height = finiteNumber(record.height);
  if (width === null || height === null || width <= 0 || height <= 0) return defaultWindowState(displays);
  const maximized = record.maximized === true;
  const x = finiteNumber(record.x);
  const y = finiteNumber(record.y);

  const home =
    x !== null && y !== null
      ? displays.find((display) => {
          const visible = overlap({ x, y, width, height }, display);
          return visible.width >= MIN_VISIBLE.width && visible.height >= MIN_VISIBLE.height;
        })
      : undefined;
  if (x === null || y === null || home === undefined) {
    // No usable position: keep the size, fitted to the primary display, and let the OS place the window.
    return { ...fitSize(width, height, displays[0]), maximized };
  }
  const size = fitSize(width, height, home);
  return {
    ...size,
    x: clamp(x, home.x, home.x + home.width - size.width),
    y: clamp(y, home.y, home.y + home.height - size.height),
    maximized,
  };
}

export function loadWindowState(file: string, displays: readonly DisplayArea[]): WindowState {
  try {
    return parseWindowState(readFileSync(file, 'utf8'), displays);
  } catch {
    return defaultWindowState(displays); // missing or unreadable
  }
}

export function saveWindowState(file: string, bounds: DisplayArea, maximized: boolean): void {
  const state: WindowState = { ...bounds, maximized };
  // Write then rename, so a crash mid-write never leaves a half-written file behind.
  writeFileSync(`${file}.tmp`, JSON.stringify(state));
  renameSync(`${file}.tmp`, file);
}
