// Registers every IPC domain. Call once, after the lab has started and its origins are known.
import type { LabOrigins } from '../../common/api';
import { registerAppInfoHandlers } from './app-info';
import { registerFileHandlers } from './file';
import { registerShellHandlers } from './shell';

export function registerIpcHandlers(origins: LabOrigins): void {
  registerAppInfoHandlers(origins);
  registerShellHandlers(origins);
  registerFileHandlers(origins);
}
