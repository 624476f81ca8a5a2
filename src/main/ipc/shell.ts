import { DESKTOP_LIMITS } from '../../common/desktop-api';
import type { LabOrigins } from '../../common/api';
import { openExternalSafely } from '../guards';
import { expectArgs, expectString, handleFromApp, IpcRefusal } from './handle';

export function registerShellHandlers(origins: LabOrigins): void {
  handleFromApp('shell.openExternal', origins, async (_event, args) => {
    expectArgs('shell.openExternal', args, 1);
    const url = expectString('shell.openExternal', 'url', args[0], DESKTOP_LIMITS.maxUrlLength);
    if (!(await openExternalSafely(url))) throw new IpcRefusal('shell.openExternal: only https: URLs are opened');
  });
}
