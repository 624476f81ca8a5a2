/**
 * One auto-escaping HTML template for every server-rendered page. `html`
 * escapes each interpolated value (OWASP XSS Prevention Cheat Sheet, rule 1:
 * encode for the HTML body and quoted attributes) unless it is itself an
 * `html` result or an explicit `raw()`; arrays are rendered item by item;
 * null, undefined and false render nothing.
 */
export class SafeHtml {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Markup the caller vouches for (a constant, such as an inline script whose hash the CSP names). */
export const raw = (markup: string) => new SafeHtml(markup);

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

/** A whole document: the one shell every origin's layout fills in. */
export function htmlDocument(input: { title: string; style: string; head?: SafeHtml; body: SafeHtml }): string {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${input.title}</title>${input.head}<style>${raw(input.style)}</style></head><body>${input.body}</body></html>`
    .markup;
}
