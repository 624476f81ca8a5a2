import { describe, expect, it } from 'vitest';
import { ScriptedBrowser, metaRefresh } from '../../../src/server/core/scripted-browser';
import { exchangesTo, fieldsOf, fragmentOf } from '../../../src/server/core/walkthrough-evidence';
import type { TrafficEntry } from '../../../src/common/schemas/lab';

describe('the scripted browser', () => {
  it('follows a meta refresh as a browser does, with its entities decoded', () => {
    expect(
      metaRefresh('<meta http-equiv="refresh" content="1;url=http://127.0.0.1:3/callback?code=a&amp;state=b">'),
    ).toBe('http://127.0.0.1:3/callback?code=a&state=b');
    expect(metaRefresh("<META HTTP-EQUIV='Refresh' CONTENT='0; URL=/next'>")).toBe('/next');
    expect(metaRefresh('<meta http-equiv="refresh" content="5">')).toBeUndefined();
    expect(metaRefresh('<meta name="viewport" content="1;url=/x">')).toBeUndefined();
  });

  it('sends a JSON body with its content type', async () => {
    const seen: RequestInit[] = [];
    const browser = new ScriptedBrowser(async (_url, init) => {
      seen.push(init!);
      return new Response('{}', { status: 200 });
    });
    await browser.request('POST', 'http://127.0.0.1:1/api/x', { json: { a: 1 } });
    expect(seen[0]!.body).toBe('{"a":1}');
    expect(seen[0]!.headers).toMatchObject({ 'content-type': 'application/json' });
  });
});

describe('reading recorded exchanges', () => {
  const entry = (over: Partial<TrafficEntry>): TrafficEntry => ({
    id: 1,
    at: '2026-01-01T00:00:00.000Z',
    origin: 'idp',
    method: 'POST',
    url: '/token?x=1',
    status: 200,
    durationMs: 1,
    requestHeaders: {},
    responseHeaders: {},
    requestBody: null,
    responseBody: null,
    meanings: [],
    ...over,
  });

  it('finds exchanges by origin, method and path, whatever the query', () => {
    const all = [entry({}), entry({ id: 2, origin: 'app' }), entry({ id: 3, method: 'GET' })];
    expect(exchangesTo(all, 'idp', 'POST', '/token').map((e) => e.id)).toEqual([1]);
  });

  it('reads a body stored as JSON or as a form, and a fragment', () => {
    expect(fieldsOf(entry({ requestBody: '{"code":"[masked:ab]","n":2}' }))).toEqual({ code: '[masked:ab]', n: '2' });
    expect(fieldsOf(entry({ requestBody: 'grant_type=authorization_code&code=x' }))).toEqual({
      grant_type: 'authorization_code',
      code: 'x',
    });
    expect(fieldsOf(entry({ requestBody: null }))).toEqual({});
    expect(fragmentOf('http://h/cb#access_token=t&state=s').get('access_token')).toBe('t');
  });
});
