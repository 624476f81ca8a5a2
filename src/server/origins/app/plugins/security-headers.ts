import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers for the app shell. The CSP allows scripts from this origin
 * only and forbids plugins, <base> rewriting and framing (Electron security
 * checklist §7 "Define a Content Security Policy"; SECURITY.md).
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
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
}
