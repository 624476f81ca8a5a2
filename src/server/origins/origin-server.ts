import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { TrafficEntry } from '../../common/api';
import type { LabContext } from '../core/context';
import { clientAddressTrust, configuredClientAddress, servedClient } from '../core/client-address';
import { LabError, rateLimitHeaders } from '../core/errors';
import { lazyRequestLogger, loggerOptions } from '../core/logger';
import { maskBody, maskHeaders, maskUrl } from '../core/traffic-masking';
import { lazySchemaCompilers } from './lazy-compilers';
import { routedPath } from '../core/routed-path';

export type OriginName = TrafficEntry['origin'];

/** What a browser asks every site for on its own. */
const FAVICON = '/favicon.ico';

/** Request bodies above this size get 413; no lab route needs more. */
export const BODY_LIMIT = 64 * 1024;

/** A route as registered: what the OpenAPI test compares with the document. */
export interface RegisteredRoute {
  method: string;
  url: string;
  /** Hidden from the API docs (the docs' own pages, the renderer's files). */
  hidden: boolean;
}

const routeLists = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route an origin registered, in order (HEAD left out). */
export function registeredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  return routeLists.get(app) ?? [];
}

/**
 * Builds one origin's Fastify instance with what every origin shares: the
 * Host-header guard, traffic recording and the error contract. Each origin
 * adds its own routes; only startLab() listens.
 */
export function createOriginServer(
  ctx: LabContext,
  name: OriginName,
  options: { recordPath?: (path: string) => boolean } = {},
): FastifyInstance {
  const app = Fastify({
    logger: loggerOptions(ctx.config.logLevel),
    // request.log is made on its first enabled line, not for every request.
    childLoggerFactory: lazyRequestLogger,
    bodyLimit: BODY_LIMIT,
    // X-Forwarded-For counts only from a configured proxy (--trust-proxy; SECURITY.md, rate limits).
    trustProxy: clientAddressTrust(ctx.toggles, ctx.config.trustProxy),
    // Validate exactly what was sent: no silent type coercion ("1000" is not a
    // number) and no silent stripping of unknown fields.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    // The same compilers, run on a route's first request rather than before listen (cold start).
    schemaController: { compilersFactory: lazySchemaCompilers },
    // Requests Node rejects before Fastify sees them (oversized headers,
    // malformed HTTP, headers too slow) still get the `{ error, message }` contract.
    clientErrorHandler: answerClientError,
    // So do URLs the router cannot read (`/%ff`, an over-long parameter), after the Host guard.
    frameworkErrors: (error, request, reply) =>
      answerFrameworkError(error, request, reply, (host) => hostAllowed(host)),
    // Live streams (SSE) must not hold up a shutdown.
    forceCloseConnections: true,
  });
  const routes: RegisteredRoute[] = [];
  routeLists.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      // Fastify adds a HEAD twin to every GET; the docs list the GET.
      if (method === 'HEAD') continue;
      routes.push({ method, url: route.url, hidden: route.schema?.hide === true });
    }
  });
  const hostAllowed = allowedHosts(ctx, name);
  // One callback-style hook for what every request of every origin goes through:
  // no promise per step on this hot path.
  let ready = false;
  void ctx.ready.then(
    () => (ready = true),
    () => {},
  );
  app.addHook('onRequest', (request, reply, done) => {
    // Every answer of every origin, errors included, says its type is not to be
    // sniffed; the lab's own origins send no Referer onwards (OWASP Secure Headers).
    // The attacker's site behaves like an ordinary site and keeps the browser default.
    reply.header('x-content-type-options', 'nosniff');
    if (name !== 'attacker') reply.header('referrer-policy', 'no-referrer');
    // Lab control and every lab's helper views (/api/lab/*, app origin only) carry demo passwords,
    // TOTP secrets, reset links and key ids: no cache keeps them (ASVS 5.0 V14.3.2).
    if (routedPath(request).startsWith('/api/lab/')) reply.header('cache-control', 'no-store');
    if (!guardHost(request, reply, hostAllowed)) return done(invalidHost());
    // First-start work (demo accounts) finishes before any request is answered.
    if (ready) return done();
    ctx.ready.then(() => done(), done);
  });
  // Slow work the handler queues (bcrypt) is shared out by client: see core/client-address.ts.
  const queueClient = configuredClientAddress(ctx.config.trustProxy);
  app.addHook('preHandler', (request, _reply, done) => {
    const forwarded = request.headers['x-forwarded-for'];
    const client = queueClient(
      request.socket.remoteAddress ?? request.ip,
      Array.isArray(forwarded) ? forwarded.join(',') : forwarded,
    );
    servedClient.run(client, done);
  });
  const recordPath = options.recordPath ?? (() => true);
  recordTraffic(app, ctx, name, (path) => path !== FAVICON && recordPath(path));
  installErrorContract(app);
  // The server-rendered origins have no icon: "none" instead of a 404 the browser logs on every page.
  if (name !== 'app') app.get(FAVICON, { schema: { hide: true } }, (_request, reply) => reply.code(204).send());
  return app;
}

/** The loopback names of this very port, worked out once (the port is known once it listens). */
function allowedHosts(ctx: LabContext, name: OriginName): (host: string | undefined) => boolean {
  let allowed: ReadonlySet<string> | undefined;
  return (host) => {
    allowed ??= new Set(
      ['127.0.0.1', 'localhost', '[::1]', ctx.config.host].map((h) => `${h}:${new URL(ctx.origins[name]).port}`),
    );
    // Hosts arrive in lower case; only others are lowered (one string less per request).
    return host !== undefined && (allowed.has(host) || allowed.has(host.toLowerCase()));
  };
}

/**
 * DNS-rebinding defence: a page on an attacker's domain that re-points its
 * name at 127.0.0.1 still sends its own Host header, so only the loopback
 * names of this very port are accepted (SECURITY.md, Electron shell).
 */
function guardHost(
  request: FastifyRequest,
  reply: FastifyReply,
  hostAllowed: (host: string | undefined) => boolean,
): boolean {
  if (hostAllowed(request.headers.host)) return true;
  errorSecurityHeaders(reply);
  return false;
}

const invalidHost = () =>
  new LabError(400, 'invalid_host', 'This lab server only answers to its own loopback address.');

/** Headers for an error answered before any route (or its plugins) ran: nothing in it may be sniffed, framed or cached. */
function errorSecurityHeaders(reply: FastifyReply): void {
  reply
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('content-security-policy', "default-src 'none'; frame-ancestors 'none'")
    .header('cache-control', 'no-store');
}

/**
 * URLs the router cannot read (bad percent-encoding such as `/%ff`, a path
 * parameter over Fastify's length limit) would get Fastify's own body, before
 * the Host guard and without security headers. They get the lab's contract.
 */
function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
  hostAllowed: (host: string | undefined) => boolean,
): void {
  errorSecurityHeaders(reply);
  const fail = (status: number, body: { error: string; message: string }) =>
    void reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
  if (!hostAllowed(request.headers.host)) {
    const host = invalidHost();
    return fail(400, { error: host.code, message: host.message });
  }
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return fail(400, { error: 'invalid_url', message: 'The URL is not valid: check its percent-encoding.' });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return fail(414, { error: 'invalid_url', message: 'A part of the URL path is too long.' });
    default:
      return fail(400, { error: 'bad_request', message: 'The request cannot be routed.' });
  }
}

function headersOf(raw: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[key.toLowerCase()] = Array.isArray(value) ? value.join('\n') : String(value);
  }
  return out;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The response body as the recorder keeps it, set in onSend; false: not captured. */
    trafficBody: string | null | false;
  }
}

function recordTraffic(
  app: FastifyInstance,
  ctx: LabContext,
  name: OriginName,
  shouldRecord: (path: string) => boolean,
): void {
  // By the routed path, so an encoded path (`/api/%6Cab/attacks/…`) is filtered as the route it reaches.
  const recorded = (request: FastifyRequest) => shouldRecord(routedPath(request));
  // A decoration, not a WeakMap: a field every request has from the start.
  app.decorateRequest('trafficBody', false);
  // Callback-style hooks: no promise per hook per request on this hot path.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (recorded(request)) {
      const type = String(reply.getHeader('content-type') ?? '');
      const textual = TEXTUAL.test(type);
      if (typeof payload === 'string' && textual) request.trafficBody = payload;
      else if (Buffer.isBuffer(payload) && textual) request.trafficBody = payload.toString('utf8');
      else request.trafficBody = payload ? `[${type || 'binary'} body]` : null;
    }
    done(null, payload);
  });
  app.addHook('onResponse', (request, reply, done) => {
    if (request.trafficBody !== false || recorded(request)) recordExchange(request, reply);
    done();
  });

  function recordExchange(request: FastifyRequest, reply: FastifyReply): void {
    // Fastify's own clock: from the moment it received the request.
    const durationMs = Math.round(reply.elapsedTime * 10) / 10;
    const { method, url, headers, body, id } = request;
    const status = reply.statusCode;
    const responseHeaders = reply.getHeaders();
    const responseBody = request.trafficBody === false ? null : request.trafficBody;
    const heldBytes = 2048 + (responseBody?.length ?? 0) + Number(headers['content-length'] ?? 0);
    // Copying and masking wait until the entry is needed (a live listener, or
    // its row is kept): most of a flood is never shown and never kept. The
    // closure holds only what the entry needs, so a buffered exchange keeps
    // little alive.
    ctx.recorder.recordLater(() => {
      try {
        return {
          origin: name,
          method,
          // Passwords, session ids and MFA tickets are masked before anything is stored or streamed.
          url: maskUrl(url),
          status,
          durationMs,
          requestHeaders: maskHeaders(headersOf(headers)),
          responseHeaders: maskHeaders(headersOf(responseHeaders)),
          // The parsed body is masked as an object, so form and JSON bodies are treated alike.
          requestBody: maskBody(body, String(headers['content-type'] ?? '')),
          responseBody: maskBody(responseBody, String(responseHeaders['content-type'] ?? '')),
        };
      } catch (error) {
        // The answer has long gone out: a failed recording is one log line, and the other rows are kept.
        app.log.warn(
          { reqId: id, reason: error instanceof Error ? error.message : String(error) },
          'exchange not recorded',
        );
        return null;
      }
    }, heldBytes);
  }
}

/** Content types whose body is recorded as text. */
const TEXTUAL = /json|text|html|javascript|xml|form/;

/** Maps every failure to `{ error, message }` with a stable code and never leaks internals on a 5xx. */
function installErrorContract(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | LabError, request, reply) => {
    if (error instanceof LabError) {
      // Every 429 says when to come back (RFC 9110 §10.2.3), whichever limit sent it.
      if (error.statusCode === 429) reply.headers(rateLimitHeaders(error));
      return reply.status(error.statusCode).send(error.toBody());
    }
    const fe = error as FastifyError;
    if (fe.validation) {
      return reply.status(400).send({ error: 'invalid_request', message: fe.message });
    }
    switch (fe.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.status(413).send({ error: 'body_too_large', message: 'The request body is too large.' });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply
          .status(415)
          .send({ error: 'unsupported_media_type', message: 'Send the body as application/json.' });
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return reply.status(400).send({ error: 'invalid_json', message: 'The body is not valid JSON.' });
    }
    if (fe.statusCode === 400 && error instanceof SyntaxError) {
      return reply.status(400).send({ error: 'invalid_json', message: 'The body is not valid JSON.' });
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.status(fe.statusCode).send({ error: 'invalid_request', message: fe.message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: 'internal_error', message: 'Something went wrong on the lab server.' });
  });
  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send({ error: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}.` });
  });
}

export function answerClientError(error: NodeJS.ErrnoException, socket: import('node:stream').Duplex): void {
  if (!socket.writable) return;
  const [status, body] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [
          '431 Request Header Fields Too Large',
          { error: 'header_too_large', message: 'The request headers are too large.' },
        ]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? // Headers (or a body) too slow to arrive: RFC 9110 §15.5.9.
          ['408 Request Timeout', { error: 'request_timeout', message: 'The request took too long to arrive.' }]
        : ['400 Bad Request', { error: 'bad_request', message: 'The request is not valid HTTP.' }];
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n` +
      `X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${text}`,
  );
}
