import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * Security headers for the app shell. The CSP allows scripts from this origin
 * only and forbids plugins, <base> rewriting and framing (Electron security
 * checklist §7 "Define a Content Security Policy"; SECURITY.md).
 *
 * helmet itself, not @fastify/helmet: the Fastify wrapper builds a new helmet
 * middleware (and re-parses the CSP directives) on every request. Here the
 * headers are worked out once and every request only copies them.
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
  app.addHook('onRequest', (request, reply, done) => {
    setHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
}
