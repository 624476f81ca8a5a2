import type { LoggerOptions } from 'pino';

/**
 * Operational log options. Secrets never reach the log: passwords, codes,
 * cookies, tokens and Authorization headers are redacted wherever they appear
 * (OWASP Logging Cheat Sheet: data to exclude).
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.currentPassword',
        '*.newPassword',
        '*.code',
        '*.token',
        '*.accessToken',
        '*.refreshToken',
        '*.totpSecret',
        '*.mfaTicket',
      ],
      censor: '[redacted]',
    },
  };
}
