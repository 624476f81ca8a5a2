import { describe, expect, it } from 'vitest';
import {
  apiLimitFromEnv,
  bcryptCostFromEnv,
  ConfigError,
  defaultDataDir,
  parseApiLimit,
  resolveConfig,
} from '../../../src/server/core/config';

describe('config', () => {
  it('reads AUTHLAB_BCRYPT_COST with default 12 and minimum 4', () => {
    expect(bcryptCostFromEnv({})).toBe(12);
    expect(bcryptCostFromEnv({ AUTHLAB_BCRYPT_COST: '4' })).toBe(4);
    for (const bad of ['3', '16', 'twelve', '10.5', '-1']) {
      expect(() => bcryptCostFromEnv({ AUTHLAB_BCRYPT_COST: bad })).toThrow(ConfigError);
    }
  });

  it('reads the general API limit from AUTHLAB_API_LIMIT or --api-limit: default 600, 0 turns it off', () => {
    expect(apiLimitFromEnv({})).toBe(600);
    expect(apiLimitFromEnv({ AUTHLAB_API_LIMIT: '0' })).toBe(0);
    expect(parseApiLimit('1200')).toBe(1200);
    for (const bad of ['-1', '1.5', 'lots', '']) expect(() => parseApiLimit(bad)).toThrow(ConfigError);
  });

  it('uses the same per-user folder as the desktop app', () => {
    expect(defaultDataDir('linux', {}, '/home/ada')).toBe('/home/ada/.config/Auth Lab/lab');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/x' }, '/home/ada')).toBe('/x/Auth Lab/lab');
    expect(defaultDataDir('darwin', {}, '/Users/ada')).toBe('/Users/ada/Library/Application Support/Auth Lab/lab');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'C:\\Users\\ada')).toContain(
      'Auth Lab',
    );
  });

  it.each([-1, 65533, 1.5, Number.NaN])('refuses port %s', (port) => {
    expect(() => resolveConfig({ dataDir: '/tmp/x', port })).toThrow(ConfigError);
  });
});
