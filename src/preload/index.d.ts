// `window.authLab` for the renderer (tsconfig.web.json includes this file).
// The type comes from src/common so that no Electron or Node.js typings leak into the web build.
import type { AuthLabApi } from '../common/desktop-api';

declare global {
  interface Window {
    /** The desktop bridge. Undefined when the renderer runs in a plain browser (`npm run serve`). */
    authLab?: AuthLabApi;
  }
}

export {};
