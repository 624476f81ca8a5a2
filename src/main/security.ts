// Pure security decisions for the Electron shell. No Electron import here, so
// every rule is unit-tested on its own (tests/main/security.test.ts).
import { DESKTOP_LIMITS } from '../common/desktop-api';
import type { LabOrigins } from '../common/api';

function parseUrl(url: unknown): URL | null {
  if (typeof url !== 'string') return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The serialized origin (scheme://host:port) of a URL, or null for opaque or invalid URLs. */
export function originOf(url: unknown): string | null {
  const parsed = parseUrl(url);
  // file:, data:, javascript: and about: URLs have the opaque origin "null": never a lab origin.
  return parsed && parsed.origin !== 'null' ? parsed.origin : null;
}

export function labOriginList(origins: LabOrigins): string[] {
  return [origins.app, origins.idp, origins.client, origins.attacker]
    .map(originOf)
    .filter((origin): origin is string => origin !== null);
}

// Checklist "Disable or limit navigation": compare the parsed origin exactly, so
// look-alikes such as http://127.0.0.1:5123.evil.test or http://127.0.0.1:5123@evil.test fail.
export function isAllowedNavigation(url: string, origins: LabOrigins): boolean {
  const target = originOf(url);
  return target !== null && labOriginList(origins).includes(target);
}

// Checklist "Do not use shell.openExternal with untrusted content": the OS would
// hand file:, smb: or custom-scheme URLs to a local program, so only https: leaves the app.
export function isSafeExternalUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length > DESKTOP_LIMITS.maxUrlLength) return false;
  const target = parseUrl(url);
  return (
    target !== null &&
    target.protocol === 'https:' &&
    target.hostname !== '' &&
    target.username === '' &&
    target.password === ''
  );
}

// Checklist "Validate the sender of all IPC messages": only the lab app's own
// page may call the bridge, never the idp, client or attacker origins.
export function isAppSender(frameUrl: string | undefined, origins: LabOrigins): boolean {
  const sender = originOf(frameUrl);
  return sender !== null && sender === originOf(origins.app);
}

/**
 * What to do with window.open(url). The session lab's fixation and CSRF
 * attacks must run from a real window on the attacker's site, so that one lab
 * origin may open as a child window (sandboxed, no preload, its navigation
 * guarded like the main window). Everything else opens no window: https:
 * links go to the system browser, the rest is refused.
 */
export type WindowOpenDecision = 'attack-window' | 'external' | 'deny';

export function windowOpenDecision(url: unknown, origins: LabOrigins): WindowOpenDecision {
  const target = originOf(url);
  if (target !== null && target === originOf(origins.attacker)) return 'attack-window';
  return isSafeExternalUrl(url) ? 'external' : 'deny';
}
