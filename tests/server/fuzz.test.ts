import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useTestLab } from './helpers';

/*
 * Property-based fuzzing of every route in the OpenAPI document: whatever a
 * client sends (odd path parameters, queries, headers, bodies of the wrong
 * shape or not JSON at all), the lab answers below 500, every error body is
 * { error, message }, and no body names a file on this machine. Lab ID's
 * endpoints on the idp origin get the same treatment, with form bodies.
 *
 * The seed is fixed so a failure can be replayed: FUZZ_SEED=<n> picks another
 * (for example FUZZ_SEED=$RANDOM in a soak run), and a failure names it.
 */

const h = useTestLab({ listen: true });

/** The whole fuzz run, split across the routes; CI gets a result in well under a minute. */
const BUDGET_MS = 40_000;
const RUNS_PER_ROUTE = 40;
/** Lab ID's share of the time: fewer routes, so less. */
const IDP_BUDGET_MS = 15_000;
const DEFAULT_SEED = 20_261_130;
const SEED = (() => {
  const raw = process.env.FUZZ_SEED;
  if (raw === undefined || raw === '') return DEFAULT_SEED;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, got ${JSON.stringify(raw)}`);
  return seed;
})();
/** The event stream never ends, and the self-check runs every attack: their own tests cover both. */
const SKIPPED = new Set(['GET /api/lab/traffic/stream', 'POST /api/lab/attacks/check-all']);

interface Operation {
  method: string;
  path: string;
  bodyProperties: string[];
  queryProperties: string[];
  /** Lab ID routes: the origin, and whether the body is a form (RFC 6749 §3.2) or JSON. */
  origin?: 'app' | 'idp';
  form?: boolean;
  /** HTML pages may answer a 4xx with a page instead of JSON. */
  html?: boolean;
}

interface Answer {
  status: number;
  type: string;
  nosniff: boolean;
  body: string;
}

let requests = 0;
/**
 * One raw request. The general rate limit counts per IP, so the fuzz moves
 * through loopback addresses (all of 127.0.0.0/8 is loopback on Linux).
 */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
  origin: 'app' | 'idp' = 'app',
): Promise<Answer> {
  const url = new URL(h.lab.origins[origin]);
  // Lab ID's /register is open to 127.0.0.1 only: send from there so the fuzz reaches the metadata checks.
  const fromLoopback = origin === 'idp' && path.startsWith('/register');
  const localAddress =
    process.platform === 'linux' && !fromLoopback ? `127.0.${1 + (Math.floor(requests++ / 400) % 200)}.9` : undefined;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: url.port,
        method,
        path,
        localAddress,
        headers: {
          host: url.host,
          ...headers,
          ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type'] ?? ''),
            nosniff: res.headers['x-content-type-options'] === 'nosniff',
            body: text,
          }),
        );
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${path} did not answer`)));
    req.on('error', reject);
    req.end(body);
  });
}

const ABSOLUTE_PATH = /(?:^|["'\s(=:])(?:\/(?:home|root|work|tmp|usr|var|Users|private|opt|srv)\/|[A-Za-z]:\\\\)/;

function checkAnswer(op: Operation, path: string, answer: Answer): void {
  const where = `${op.method} ${path} -> ${answer.status} ${answer.body.slice(0, 200)}`;
  expect(answer.status, where).toBeLessThan(500);
  // No body names the lab's own files (a stack trace would); drill cards may quote paths such as /etc/passwd.
  expect(answer.body, where).not.toContain(process.cwd());
  if (answer.status >= 400) {
    expect(answer.body, where).not.toMatch(ABSOLUTE_PATH);
    // Lab ID's pages (/authorize, /device) show errors to a person, as HTML.
    if (op.html && answer.type.includes('text/html')) return;
    expect(answer.type, where).toContain('application/json');
    const body = JSON.parse(answer.body) as Record<string, unknown>;
    // A stable snake_case code of our own, never a framework's "Bad Request" / FST_ERR_*.
    expect(body.error, where).toMatch(/^[a-z][a-z_]*$/);
    // { error, message }, or on Lab ID at least RFC 6749 §5.2's { error, error_description }.
    const described =
      typeof body.message === 'string' || (op.origin === 'idp' && typeof body.error_description === 'string');
    expect(described, where).toBe(true);
    expect(answer.nosniff, where).toBe(true);
  }
}

/** Strings a route parameter should survive: unicode, control characters, percent signs, traversal, length. */
const nasty = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('%', '%ff', '%00', '%c0%ae%c0%ae', '..%2f..%2fetc%2fpasswd', '__proto__', 'constructor', ' ', ''),
  fc.string({ minLength: 90, maxLength: 400 }),
  fc.integer().map(String),
);
const encodeLoosely = (value: string) =>
  // Mostly encoded properly, but raw '%' sequences pass through so broken encodings reach the router.
  /^%|%[0-9a-f]{2}/i.test(value) ? value.replace(/[^\w%.-]/g, (c) => encodeURIComponent(c)) : encodeURIComponent(value);

const json = fc.jsonValue({ maxDepth: 4 });

/** Values that get a Lab ID request past its first checks, so the fuzz reaches deeper code. */
const plausible = fc.constantFrom(
  'your-app',
  'lab-spa',
  'lab-cli',
  'lab-machine',
  'authorization_code',
  'refresh_token',
  'client_credentials',
  'password',
  'urn:ietf:params:oauth:grant-type:device_code',
  'openid profile email offline_access lab.api',
  'code',
  'token',
  'S256',
  'plain',
  'allow',
  'BCDF-GHJK',
  'http://127.0.0.1/callback',
  'eyJhbGciOiJub25lIn0.eyJqdGkiOiJ4In0.',
);

function bodyFor(op: Operation) {
  const fields = op.bodyProperties.length ? op.bodyProperties : ['x'];
  const shaped = fc.dictionary(fc.constantFrom(...fields, '__proto__', 'extra'), fc.oneof(json, nasty), {
    maxKeys: fields.length + 1,
  });
  if (op.form) {
    const formShaped = fc.dictionary(fc.constantFrom(...fields, 'extra'), fc.oneof(nasty, plausible), {
      maxKeys: fields.length + 1,
    });
    return fc.oneof(
      formShaped.map((value) => ({
        type: 'application/x-www-form-urlencoded',
        text: new URLSearchParams(value).toString(),
      })),
      fc.string({ maxLength: 60 }).map((text) => ({ type: 'application/x-www-form-urlencoded', text })),
      fc.constant({ type: 'application/x-www-form-urlencoded', text: 'client_id=lab-spa&client_id=your-app' }),
      shaped.map((value) => ({ type: 'application/json', text: JSON.stringify(value) })),
      fc.string({ maxLength: 60 }).map((text) => ({ type: 'text/plain', text })),
      fc.constant(undefined),
    );
  }
  return fc.oneof(
    shaped.map((value) => ({ type: 'application/json', text: JSON.stringify(value) })),
    json.map((value) => ({ type: 'application/json', text: JSON.stringify(value) })),
    fc.string({ maxLength: 60 }).map((text) => ({ type: 'application/json', text })),
    fc.string({ maxLength: 60 }).map((text) => ({ type: 'text/plain', text })),
    fc.string({ maxLength: 60 }).map((text) => ({ type: 'application/x-www-form-urlencoded', text })),
    fc.constant({ type: 'application/json', text: '{"a":'.repeat(2000) + '1' + '}'.repeat(2000) }),
    fc.constant(undefined),
  );
}

function requestFor(op: Operation) {
  const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const keys = op.queryProperties.length ? op.queryProperties : ['q'];
  return fc.record({
    params: fc.tuple(...params.map(() => nasty)),
    query: fc.option(
      fc.dictionary(
        fc.constantFrom(...keys, 'password', 'x'),
        op.origin === 'idp' ? fc.oneof(nasty, plausible) : nasty,
        {
          maxKeys: op.origin === 'idp' ? keys.length : 3,
        },
      ),
      { nil: undefined },
    ),
    body: bodyFor(op),
    headers: fc.record(
      {
        cookie: fc.oneof(nasty, fc.constant('authlab_sid=s%3Aforged.sig; authlab_rt=a.b.c')),
        authorization: fc.oneof(
          nasty.map((s) => `Bearer ${s}`),
          fc.constant('Bearer eyJhbGciOiJub25lIn0.e30.'),
          // Client authentication (RFC 6749 §2.3.1): broken Basic, and Basic with a known id and a wrong secret.
          nasty.map((s) => `Basic ${s}`),
          fc
            .tuple(fc.oneof(plausible, nasty), nasty)
            .map(([id, secret]) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`),
        ),
        'x-csrf-token': nasty,
        'last-event-id': nasty,
      },
      { requiredKeys: [] },
    ),
  });
}

const headerSafe = (value: string) => value.replace(/[^\x20-\x7e]/g, '');

describe('fuzz: every route in the OpenAPI document', () => {
  it('answers anything below 500 with { error, message } and no file paths', async () => {
    const doc = (await h.call('GET', '/api/docs/json')).body as {
      paths: Record<string, Record<string, any>>;
    };
    const operations: Operation[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, spec] of Object.entries(methods)) {
        const upper = method.toUpperCase();
        if (SKIPPED.has(`${upper} ${path}`) || upper === 'HEAD') continue;
        const schema = spec.requestBody?.content?.['application/json']?.schema;
        operations.push({
          method: upper,
          path,
          bodyProperties: Object.keys(schema?.properties ?? {}),
          queryProperties: (spec.parameters ?? [])
            .filter((p: { in: string }) => p.in === 'query')
            .map((p: { name: string }) => p.name),
        });
      }
    }
    expect(operations.length).toBeGreaterThan(40);

    await fuzzOperations(operations, BUDGET_MS);
  }, 120_000);

  it('Lab ID (idp origin): /authorize, /token, /register, /device, /revoke, /introspect', async () => {
    const client = ['client_id', 'client_secret'];
    const operations: Operation[] = [
      {
        method: 'GET',
        path: '/authorize',
        bodyProperties: [],
        queryProperties: [
          'response_type',
          'client_id',
          'redirect_uri',
          'scope',
          'state',
          'nonce',
          'code_challenge',
          'code_challenge_method',
          'max_age',
          'prompt',
        ],
        html: true,
      },
      {
        method: 'POST',
        path: '/token',
        bodyProperties: [
          'grant_type',
          'code',
          'redirect_uri',
          'code_verifier',
          'refresh_token',
          'device_code',
          'scope',
          'username',
          'password',
          ...client,
        ],
        queryProperties: [],
        form: true,
      },
      {
        method: 'POST',
        path: '/register',
        bodyProperties: ['redirect_uris', 'token_endpoint_auth_method', 'grant_types', 'client_name', 'scope'],
        queryProperties: [],
      },
      { method: 'GET', path: '/device', bodyProperties: [], queryProperties: ['user_code'], html: true },
      {
        method: 'POST',
        path: '/device',
        bodyProperties: ['interaction', 'csrf', 'user_code', 'decision'],
        queryProperties: [],
        form: true,
        html: true,
      },
      {
        method: 'POST',
        path: '/device_authorization',
        bodyProperties: ['scope', ...client],
        queryProperties: [],
        form: true,
      },
      {
        method: 'POST',
        path: '/revoke',
        bodyProperties: ['token', 'token_type_hint', ...client],
        queryProperties: [],
        form: true,
      },
      {
        method: 'POST',
        path: '/introspect',
        bodyProperties: ['token', 'token_type_hint', ...client],
        queryProperties: [],
        form: true,
      },
    ].map((op) => ({ ...op, origin: 'idp' as const }));
    await fuzzOperations(operations, IDP_BUDGET_MS);
  }, 60_000);
});

async function fuzzOperations(operations: Operation[], budgetMs: number): Promise<void> {
  {
    const deadline = Date.now() + budgetMs;
    for (const [i, op] of operations.entries()) {
      const share = Math.max(200, (deadline - Date.now()) / (operations.length - i));
      const property = fc.asyncProperty(requestFor(op), async (input) => {
        let k = 0;
        const path =
          op.path.replace(/\{\w+\}/g, () => encodeLoosely(input.params[k++] as string) || 'x') +
          (input.query
            ? '?' +
              Object.entries(input.query)
                .map(([key, value]) => `${key}=${encodeLoosely(value)}`)
                .join('&')
            : '');
        const headers: Record<string, string> = {};
        for (const [key, value] of Object.entries(input.headers)) headers[key] = headerSafe(value as string);
        const withBody = op.method !== 'GET' && op.method !== 'DELETE' && input.body;
        if (withBody) headers['content-type'] = input.body!.type;
        checkAnswer(
          op,
          path,
          await send(op.method, path, headers, withBody ? input.body!.text : undefined, op.origin ?? 'app'),
        );
      });
      const replayLine = () => console.error(`fuzz failed on ${op.method} ${op.path}: replay with FUZZ_SEED=${SEED}`);
      // One run on every route whatever the clock says: on a loaded machine a time share can run out
      // before the first answer, and fast-check counts a run interrupted after 0 tests as a failure.
      await fc.assert(property, { numRuns: 1, seed: SEED }).catch((error: unknown) => {
        replayLine();
        throw error;
      });
      // Then as many more as the route's share of the budget allows; only a counterexample fails.
      const details = await fc.check(property, {
        numRuns: RUNS_PER_ROUTE,
        interruptAfterTimeLimit: share,
        markInterruptAsFailure: false,
        seed: SEED,
      });
      if (details.failed && details.counterexample !== null) {
        // fast-check's report has the seed and path too; this line says how to replay the whole run.
        replayLine();
        throw new Error(await fc.asyncDefaultReportMessage(details));
      }
    }
  }
}
