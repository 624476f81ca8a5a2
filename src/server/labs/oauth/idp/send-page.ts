import type { FastifyReply } from 'fastify';

// The pages run no script; they may not be framed (clickjacking on consent, RFC 9700 §4.16).
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'";

/** Sends one of Lab ID's pages with its CSP. */
export function sendPage(reply: FastifyReply, status: number, body: string) {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', PAGE_CSP)
    .header('x-frame-options', 'DENY')
    .send(body);
}
