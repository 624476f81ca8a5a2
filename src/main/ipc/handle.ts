// The one way main answers the renderer: every handler first checks who is
// asking, then validates what it was sent. The renderer is treated as untrusted.
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { DesktopChannel, DesktopChannels } from '../../common/desktop-api';
import type { LabOrigins } from '../../common/api';
import { isAppSender } from '../security';

/** Thrown for a call that must not be served; the renderer's invoke() rejects with it. */
export class IpcRefusal extends Error {
  override name = 'IpcRefusal';
}

type Result<C extends DesktopChannel> = DesktopChannels[C]['result'];

export function handleFromApp<C extends DesktopChannel>(
  channel: C,
  origins: LabOrigins,
  handler: (event: IpcMainInvokeEvent, args: unknown[]) => Result<C> | Promise<Result<C>>,
): void {
  ipcMain.handle(channel, (event, ...args: unknown[]) => {
    // Checklist "Validate the sender of all IPC messages": only the lab app's own
    // page may call in, not the idp, client or attacker origins, nor a frame that navigated away.
    if (!isAppSender(event.senderFrame?.url, origins)) {
      console.warn(`[auth-lab] refused ${channel} from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
      throw new IpcRefusal(`${channel}: the sender is not the lab app`);
    }
    return handler(event, args);
  });
}

export function expectArgs(channel: DesktopChannel, args: unknown[], count: number): void {
  if (args.length !== count) throw new IpcRefusal(`${channel}: expected ${count} argument(s), got ${args.length}`);
}

export function expectString(channel: DesktopChannel, name: string, value: unknown, maxLength: number): string {
  if (typeof value !== 'string') throw new IpcRefusal(`${channel}: ${name} must be a string`);
  if (value.length > maxLength) throw new IpcRefusal(`${channel}: ${name} is longer than ${maxLength} characters`);
  return value;
}
