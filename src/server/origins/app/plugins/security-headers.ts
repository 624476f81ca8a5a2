import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * Security headers for the app shell. The CSP allows scripts from this origin
 * only and forbids plugins, <base> rewriting and framing (Electron security
 * checklist §7 "Define a Content Security Policy"; SECURITY.md).
 *
 * helmet itself, not @fastify/helmet: the Fastify wrapper builds a new helmet
 * middleware (and re-parses the CSP directives) on every request, and even a
 * prebuilt helmet runs its eleven sub-middlewares per request. The header set
 * never depends on the request, so helmet runs once at start-up against a
 * recording response and every request gets the recorded set in one call.
 * Routes that need their own CSP (/api/docs, lab pages) still override it
 * later with reply.header().
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  const setHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    // Loopback over http: HSTS would be ignored and upgrade-insecure-requests would break the lab.
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
  const headers = recordHeaders(setHeaders);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}

type Middleware = ReturnType<typeof helmet>;

/** Runs helmet once against a stand-in response and returns the headers it set. */
function recordHeaders(middleware: Middleware): Record<string, string> {
  const recorded: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      recorded[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete recorded[name.toLowerCase()];
    },
  };
  let failure: unknown;
  middleware({} as Parameters<Middleware>[0], response as unknown as Parameters<Middleware>[1], (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return recorded;
}
