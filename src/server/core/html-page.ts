import { raw } from './html';
import { plainLayout } from './html-layouts';

export { escapeHtml } from './html';

/**
 * A plain page around markup the caller built. The title is escaped; new
 * pages build their body with `html` from core/html.ts instead.
 */
export function page(title: string, body: string): string {
  return plainLayout(title, raw(body));
}
