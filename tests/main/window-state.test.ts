import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_STATE,
  loadWindowState,
  MIN_WINDOW_SIZE,
  parseWindowState,
  saveWindowState,
} from '../../src/main/window-state';

const fullHd = { x: 0, y: 0, width: 1920, height: 1040 };
const rightMonitor = { x: 1920, y: 0, width: 1280, height: 1000 };
const defaults = { width: DEFAULT_WINDOW_STATE.width, height: DEFAULT_WINDOW_STATE.height, maximized: false };

describe('parseWindowState', () => {
  it('keeps a well-formed state that fits the screen', () => {
    const json = JSON.stringify({ x: 100, y: 80, width: 1200, height: 800, maximized: true });
    expect(parseWindowState(json, [fullHd])).toEqual({ x: 100, y: 80, width: 1200, height: 800, maximized: true });
  });

  it.each([
    ['not JSON', '{width: 10'],
    ['an empty file', ''],
    ['null', 'null'],
    ['an array', '[1200, 800]'],
    ['a number', '42'],
    ['string sizes', '{"width":"1200","height":"800"}'],
    ['a missing height', '{"width":1200}'],
    ['NaN smuggled as a string', '{"width":"NaN","height":800}'],
    ['a negative size', '{"width":-5,"height":800}'],
    ['a zero size', '{"width":0,"height":0}'],
  ])('rejects %s and uses the defaults', (_case, json) => {
    expect(parseWindowState(json, [fullHd])).toEqual(defaults);
  });

  it('clamps a huge window to the display work area', () => {
    const state = parseWindowState(JSON.stringify({ x: 10, y: 10, width: 99999, height: 1e9 }), [fullHd]);
    expect(state).toMatchObject({ x: 0, y: 0, width: 1920, height: 1040 });
  });

  it('raises a tiny window to the minimum size', () => {
    const state = parseWindowState(JSON.stringify({ x: 10, y: 10, width: 20, height: 20 }), [fullHd]);
    expect(state).toMatchObject({ width: MIN_WINDOW_SIZE.width, height: MIN_WINDOW_SIZE.height });
  });

  it('pulls a window hanging off the edge back onto its display', () => {
    const state = parseWindowState(JSON.stringify({ x: 1500, y: 900, width: 1000, height: 700 }), [fullHd]);
    expect(state).toMatchObject({ x: 920, y: 340, width: 1000, height: 700 });
  });

  it('keeps a position on a second monitor and fits the size to that monitor', () => {
    const state = parseWindowState(JSON.stringify({ x: 2000, y: 50, width: 1600, height: 900 }), [
      fullHd,
      rightMonitor,
    ]);
    expect(state).toEqual({ x: 1920, y: 50, width: 1280, height: 900, maximized: false });
  });

  it('drops a position on a monitor that is no longer attached, keeping the size', () => {
    const state = parseWindowState(JSON.stringify({ x: 2000, y: 50, width: 1000, height: 700 }), [fullHd]);
    expect(state).toEqual({ width: 1000, height: 700, maximized: false });
  });

  it('rounds fractional values and ignores a non-boolean maximized flag', () => {
    const state = parseWindowState(
      JSON.stringify({ x: 10.6, y: 20.2, width: 1000.4, height: 700.5, maximized: 'yes' }),
      [fullHd],
    );
    expect(state).toEqual({ x: 11, y: 20, width: 1000, height: 701, maximized: false });
  });

  it('fits the defaults to a small screen', () => {
    expect(parseWindowState('garbage', [{ x: 0, y: 0, width: 1024, height: 700 }])).toEqual({
      width: 1024,
      height: 700,
      maximized: false,
    });
  });
});

describe('loadWindowState / saveWindowState', () => {
  it('round-trips through the file and falls back to the defaults when it is missing', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'auth-lab-window-')), 'window-state.json');
    expect(loadWindowState(file, [fullHd])).toEqual(defaults);
    saveWindowState(file, { x: 30, y: 40, width: 1100, height: 750 }, false);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      x: 30,
      y: 40,
      width: 1100,
      height: 750,
      maximized: false,
    });
    expect(loadWindowState(file, [fullHd])).toEqual({ x: 30, y: 40, width: 1100, height: 750, maximized: false });
    writeFileSync(file, '\u0000\u0001 corrupted');
    expect(loadWindowState(file, [fullHd])).toEqual(defaults);
  });
});
