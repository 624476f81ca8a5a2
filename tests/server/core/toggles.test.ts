import { describe, expect, it } from 'vitest';
import { TOGGLE_NAMES } from '../../../src/common/toggles';
import { LabError } from '../../../src/server/core/errors';
import { ToggleRegistry } from '../../../src/server/core/toggles';
import { openDatabase } from '../../../src/server/db/open';
import { SettingsRepository } from '../../../src/server/db/settings';
import { freshDataDir } from '../helpers';
import { join } from 'node:path';

const registryOn = (file: string) => new ToggleRegistry(new SettingsRepository(openDatabase(file)));

describe('ToggleRegistry', () => {
  it('starts with every defence on', () => {
    const toggles = registryOn(':memory:').all();
    expect(Object.keys(toggles).sort()).toEqual([...TOGGLE_NAMES].sort());
    expect(Object.values(toggles).every((on) => on === true)).toBe(true);
  });

  it('changes only the names given and persists across a restart', () => {
    const file = join(freshDataDir(), 'lab.sqlite');
    const first = registryOn(file);
    first.update({ 'accounts.passwordDenyList': false });
    expect(first.isOn('accounts.passwordDenyList')).toBe(false);
    expect(first.isOn('accounts.uniformRegisterResponse')).toBe(true);
    expect(registryOn(file).isOn('accounts.passwordDenyList')).toBe(false);
  });

  it('rejects an unknown name with a stable code and changes nothing', () => {
    const registry = registryOn(':memory:');
    let caught: unknown;
    try {
      registry.update({ 'accounts.passwordDenyList': false, 'jwt.nope': false });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LabError);
    expect((caught as LabError).code).toBe('unknown_toggle');
    expect(registry.isOn('accounts.passwordDenyList')).toBe(true);
  });

  it.each([['yes'], [0], [null], [{}]])('rejects the non-boolean value %j', (value) => {
    expect(() => registryOn(':memory:').update({ 'accounts.passwordDenyList': value })).toThrow(/true or false/);
  });

  it('carries a saved lab over to the renamed toggles, with the same meaning (on = defence on)', () => {
    const file = join(freshDataDir(), 'lab.sqlite');
    const settings = new SettingsRepository(openDatabase(file));
    settings.set('toggles', {
      'oauth.allowImplicit': false,
      'reset.trustHostHeader': false,
      'jwt.storeInLocalStorage': true,
    });
    const registry = new ToggleRegistry(settings);
    expect(registry.isOn('oauth.refuseImplicitAndPassword')).toBe(false);
    expect(registry.isOn('reset.configuredLinkOrigin')).toBe(false);
    expect(registry.isOn('jwt.accessTokenInMemory')).toBe(true);
    // Written under the new names once, so the next start reads them directly.
    expect(registryOn(file).isOn('oauth.refuseImplicitAndPassword')).toBe(false);
    expect(settings.get<Record<string, unknown>>('toggles')).not.toHaveProperty('oauth.allowImplicit');
  });

  it('restores all defences at once', () => {
    const registry = registryOn(':memory:');
    registry.update({ 'accounts.passwordDenyList': false, 'accounts.uniformRegisterResponse': false });
    expect(Object.values(registry.restoreAll()).every(Boolean)).toBe(true);
  });
});
