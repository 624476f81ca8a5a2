import { app } from 'electron';
import type { LabOrigins } from '../../common/api';
import { expectArgs, handleFromApp } from './handle';

export function registerAppInfoHandlers(origins: LabOrigins): void {
  handleFromApp('app.info', origins, (_event, args) => {
    expectArgs('app.info', args, 0);
    return {
      name: app.getName(),
      version: app.getVersion(),
      electron: process.versions.electron ?? '',
      chrome: process.versions.chrome ?? '',
      node: process.versions.node,
      platform: process.platform,
    };
  });
}
