import { describe, expect, it } from 'vitest';
import { html, raw } from '../../../src/server/core/html';
import { attackerLayout, clientLayout, idpLayout } from '../../../src/server/core/html-layouts';
import { page } from '../../../src/server/core/html-page';

describe('html template', () => {
  it('escapes every interpolated value', () => {
    const value = `<script>alert("x")</script>&'`;
    expect(html`<p title="${value}">${value}</p>`.markup).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</p>',
    );
  });

  it('keeps nested templates and raw() as they are, renders arrays item by item and skips empty values', () => {
    const items = ['a<', 'b'].map((s) => html`<li>${s}</li>`);
    expect(html`<ul>${items}</ul>${raw('<br>')}${undefined}${null}${false}${0}`.markup).toBe(
      '<ul><li>a&lt;</li><li>b</li></ul><br>0',
    );
  });

  it('escapes the title in every layout, and in page()', () => {
    const title = '<b>hi</b>';
    for (const doc of [
      idpLayout(title, html``),
      clientLayout(html`${title}`),
      attackerLayout(title, html``),
      page(title, ''),
    ]) {
      expect(doc).toContain('&lt;b&gt;hi&lt;/b&gt;');
      expect(doc).not.toContain('<b>hi</b>');
    }
  });
});
