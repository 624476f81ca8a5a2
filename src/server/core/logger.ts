import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, LoggerOptions } from 'pino';
import { isSecretName } from './secret-names';

/**
 * Operational log options. Secrets never reach the log: every field or header
 * that secret-names.ts lists (passwords, codes, recovery codes, client
 * secrets, PKCE verifiers, every kind of token, cookies, Authorization and
 * x-csrf-token headers) is redacted wherever it appears in a logged object
 * (OWASP Logging Cheat Sheet, "Data to exclude").
 */
export function loggerOptions(level: string): LoggerOptions {
  return { level, formatters: { log: (object) => redactSecrets(object, 0) as Record<string, unknown> } };
}

const REDACTED = '[redacted]';
/** Deeper than this a logged object is left as it is: log lines are built by this code, not by callers. */
const MAX_REDACT_DEPTH = 8;

/**
 * A copy of a logged value with the value of every secret name redacted.
 * Only plain objects and arrays are walked (an Error keeps its class for
 * pino's serializer), and an object with nothing to redact is returned as is.
 */
function redactSecrets(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_REDACT_DEPTH) return value;
  if (Array.isArray(value)) {
    const items = value.map((item) => redactSecrets(item, depth + 1));
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, field] of Object.entries(value)) {
    const redacted = isSecretName(key) ? REDACTED : redactSecrets(field, depth + 1);
    if (redacted !== field) (copy ??= { ...value })[key] = redacted;
  }
  return copy ?? value;
}

/** pino's standard levels, lowest first. */
const LEVEL_VALUES: Readonly<Record<string, number>> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Infinity,
};

type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * Fastify's per-request logger (request.log), made when the request first
 * logs a line at an enabled level. pino's child() serialises the request id
 * through the redaction rules above, a cost every request paid (the bench
 * profile) though at the default level (warn) nearly none ever logs a line.
 * What is logged, with its reqId and redaction, is unchanged.
 */
class LazyRequestLogger {
  private made: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  private get logger(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings, this.options));
  }

  get level(): string {
    return this.logger.level;
  }

  set level(level: string) {
    this.logger.level = level;
  }

  private log(level: LogLevel, args: unknown[]): void {
    const threshold = this.made?.level ?? this.options.level ?? this.parent.level;
    if (LEVEL_VALUES[level]! < (LEVEL_VALUES[threshold] ?? 0)) return;
    (this.logger[level] as (...line: unknown[]) => void)(...args);
  }

  fatal(...args: unknown[]): void {
    this.log('fatal', args);
  }
  error(...args: unknown[]): void {
    this.log('error', args);
  }
  warn(...args: unknown[]): void {
    this.log('warn', args);
  }
  info(...args: unknown[]): void {
    this.log('info', args);
  }
  debug(...args: unknown[]): void {
    this.log('debug', args);
  }
  trace(...args: unknown[]): void {
    this.log('trace', args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger.child(bindings, options);
  }
}

/** Fastify's childLoggerFactory: request.log, made on its first enabled line. */
export function lazyRequestLogger(
  parent: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger {
  return new LazyRequestLogger(parent, bindings, options) as unknown as FastifyBaseLogger;
}
