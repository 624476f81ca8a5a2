// Installs the security decisions from security.ts on Electron objects.
import { shell, type Session, type WebContents } from 'electron';
import type { LabOrigins } from '../common/api';
import { isAllowedNavigation, isSafeExternalUrl, windowOpenDecision } from './security';

/** Hands an https: URL to the system browser. Anything else is refused and reported as false. */
export async function openExternalSafely(url: unknown): Promise<boolean> {
  // Checklist "Do not use shell.openExternal with untrusted content".
  if (!isSafeExternalUrl(url)) return false;
  await shell.openExternal(url);
  return true;
}

export function guardNavigation(contents: WebContents, origins: LabOrigins): void {
  const keepInsideLab = (event: { url: string; preventDefault(): void }): void => {
    if (isAllowedNavigation(event.url, origins)) return;
    event.preventDefault();
    console.warn(`[auth-lab] blocked navigation to ${event.url}: not a lab origin`);
  };
  // Checklist "Disable or limit navigation": a link or a redirect can only lead to the four lab origins.
  contents.on('will-navigate', keepInsideLab);
  contents.on('will-redirect', keepInsideLab);

  // Checklist "Disable or limit creation of new windows": only the lab's own
  // attacker site may open a window (the attacks need a real cross-site page),
  // with the same hardened preferences and no preload; https: links go to the
  // system browser; everything else is refused.
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url, origins);
    if (decision === 'attack-window') {
      return {
        action: 'allow',
        overrideBrowserWindowOptions: {
          width: 760,
          height: 600,
          webPreferences: {
            contextIsolation: true,
            sandbox: true,
            nodeIntegration: false,
            webSecurity: true,
            webviewTag: false,
          },
        },
      };
    }
    if (decision === 'external') {
      openExternalSafely(url).catch((error: unknown) => console.warn(`[auth-lab] could not open ${url}:`, error));
    }
    return { action: 'deny' };
  });
  // The attack window gets the same rules: it stays on lab origins and opens nothing itself.
  contents.on('did-create-window', (child) => guardNavigation(child.webContents, origins));
}

export function denyAllPermissions(session: Session): void {
  // Checklist "Handle session permission requests from remote content": the lab
  // needs no camera, geolocation, notifications or other powerful APIs, so every
  // request and every check is refused.
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
