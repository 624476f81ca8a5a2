// 'file.save': the renderer hands over text (for example exported drill
// progress) and the user chooses where it goes in the system save dialog.
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import { DESKTOP_LIMITS, type SaveFileRequest } from '../../common/desktop-api';
import type { LabOrigins } from '../../common/api';
import { expectArgs, expectString, handleFromApp, IpcRefusal } from './handle';

/** A bare file name only: the renderer suggests a name, never a folder or a control character. */
export function isPlainFileName(name: string): boolean {
  if (name.trim() === '' || name === '.' || name === '..') return false;
  return [...name].every((char) => char >= ' ' && char !== '\u007f' && !'/\\:'.includes(char));
}

export function parseSaveFileRequest(value: unknown): SaveFileRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new IpcRefusal('file.save: expected { defaultName, content }');
  }
  const request = value as Record<string, unknown>;
  const defaultName = expectString('file.save', 'defaultName', request.defaultName, DESKTOP_LIMITS.maxFileNameLength);
  if (!isPlainFileName(defaultName)) {
    throw new IpcRefusal('file.save: defaultName must be a plain file name');
  }
  const content = expectString('file.save', 'content', request.content, DESKTOP_LIMITS.maxFileBytes);
  if (Buffer.byteLength(content, 'utf8') > DESKTOP_LIMITS.maxFileBytes) {
    throw new IpcRefusal(`file.save: content is larger than ${DESKTOP_LIMITS.maxFileBytes} bytes`);
  }
  return { defaultName, content };
}

function suggestedPath(name: string): string {
  try {
    return join(app.getPath('documents'), name);
  } catch {
    return name; // no Documents folder on this system: the dialog starts in its default folder
  }
}

export function registerFileHandlers(origins: LabOrigins): void {
  handleFromApp('file.save', origins, async (event, args) => {
    expectArgs('file.save', args, 1);
    const { defaultName, content } = parseSaveFileRequest(args[0]);
    const options = { defaultPath: suggestedPath(defaultName) };
    const parent = BrowserWindow.fromWebContents(event.sender);
    const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return { saved: false };
    await writeFile(choice.filePath, content, 'utf8');
    // Only the chosen file's name goes back: the page has no need to learn the user's folders.
    return { saved: true, fileName: basename(choice.filePath) };
  });
}
