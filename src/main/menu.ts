// The application menu: reload, DevTools (the labs are meant to be inspected), quit, and the API docs.
import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { LabOrigins } from '../common/api';

export function apiDocsUrl(origins: LabOrigins): string {
  return new URL('/api/docs', origins.app).href;
}

export function buildAppMenu(labWindow: () => BrowserWindow | null, origins: LabOrigins): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    {
      label: 'File',
      submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }, { role: 'quit' }],
    },
    // Copy and paste shortcuts need the Edit roles on macOS; learners copy tokens all the time.
    { role: 'editMenu' },
    {
      label: 'Help',
      submenu: [
        {
          label: 'API Docs',
          click: () => {
            labWindow()
              ?.loadURL(apiDocsUrl(origins))
              .catch((error: unknown) => console.error('[auth-lab] could not open the API docs:', error));
          },
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
