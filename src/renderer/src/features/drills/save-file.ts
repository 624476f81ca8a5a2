import type { AuthLabApi } from '../../../../common/desktop-api';

/**
 * Saves text as a file: through the desktop bridge when the Electron preload
 * offers one, otherwise as a browser download (Blob + a[download]).
 */
export async function saveTextFile(name: string, content: string, type = 'application/json'): Promise<string> {
  const bridge = (window as { authLab?: Partial<AuthLabApi> }).authLab;
  if (typeof bridge?.saveFile === 'function') {
    const result = await bridge.saveFile(name, content);
    return result.saved ? `Saved ${result.fileName}.` : 'Not saved.';
  }
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return `Downloaded ${name}.`;
}
