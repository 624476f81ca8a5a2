import { describe, expect, it } from 'vitest';
import { hiddenFields } from '../../../src/server/core/scripted-browser';

describe('hiddenFields reads hidden inputs whatever the attribute order or quoting', () => {
  const cases: Array<[string, string, Record<string, string>]> = [
    ['the order Lab ID writes', '<input type="hidden" name="csrf" value="abc">', { csrf: 'abc' }],
    ['value before name', '<input value="abc" name="csrf" type="hidden">', { csrf: 'abc' }],
    ['single quotes', "<input type='hidden' name='csrf' value='abc'>", { csrf: 'abc' }],
    ['no quotes', '<input type=hidden name=csrf value=abc>', { csrf: 'abc' }],
    [
      'mixed quotes and extra attributes',
      `<input id="x" name='csrf' data-x="a>b" type="HIDDEN" value="abc" />`,
      { csrf: 'abc' },
    ],
    ['upper-case tag and attributes', '<INPUT TYPE="hidden" NAME="csrf" VALUE="abc">', { csrf: 'abc' }],
    ['spread over lines', '<input\n  type="hidden"\n  name="csrf"\n  value="abc"\n>', { csrf: 'abc' }],
    ['a missing value is empty', '<input type="hidden" name="ticket">', { ticket: '' }],
    [
      'entities decoded once',
      '<input type="hidden" name="v" value="a&amp;lt;b&quot;c&#39;d&#x41;">',
      { v: 'a&lt;b"c\'dA' },
    ],
    ['a quote of the other kind inside a value', `<input type="hidden" name="v" value="it's">`, { v: "it's" }],
    ['visible inputs are skipped', '<input type="text" name="email" value="a@b">', {}],
    ['an input without a name is skipped', '<input type="hidden" value="abc">', {}],
    ['a type in the value is not the type', '<input name="v" value="type=hidden">', {}],
    [
      'several fields',
      '<form><input type="hidden" name="interaction" value="i1"><input name="csrf" type="hidden" value="c1"></form>',
      { interaction: 'i1', csrf: 'c1' },
    ],
  ];
  it.each(cases)('%s', (_label, html, expected) => {
    expect(hiddenFields(html)).toEqual(expected);
  });
});
