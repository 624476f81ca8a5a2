import type { ErrorCode } from '../../../../common/errors';
import type { ToggleName } from '../../../../common/toggles';

/**
 * One named check of an OAuth endpoint, as node-oidc-provider writes its
 * actions (check_pkce, check_scope, …): what it reads, the defence toggle it
 * follows (if any) and the OAuth error it answers with. A check throws that
 * error or fills in what it parsed; an endpoint is the list of its checks.
 */
export interface Check<Request> {
  name: string;
  /** The lab toggle this check follows; absent when the check always runs. */
  toggle?: ToggleName;
  /** The request parameters (or header) it reads; '*' for every parameter. */
  reads: readonly string[];
  /** The OAuth error code(s) it answers with (RFC 6749 §4.1.2.1, §5.2). */
  errors: readonly ErrorCode[];
  run: (request: Request) => void;
}

/** Runs the checks in order; the first that throws ends the request. */
export function runChecks<Request>(checks: ReadonlyArray<Check<Request>>, request: Request): void {
  for (const check of checks) check.run(request);
}

/** A parameter's value when it was sent once as a string. */
export const single = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
