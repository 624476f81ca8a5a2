import { Type } from 'typebox';
import type { SessionUser } from '../../../common/schemas/session';
import type { UserRow } from '../../db/users';

/**
 * The session lab's route schemas. The shapes the renderer reads live in
 * common/schemas/session.ts; these few are only the server's.
 */
export {
  CookieReport,
  ReplayResult,
  SessionLoginBody,
  SessionLoginResponse,
  SessionMfaBody,
  SessionSummary,
  SessionUser,
} from '../../../common/schemas/session';

/** The user as the session routes show it: never the hash, the TOTP secret or the token version. */
export const publicUser = (user: UserRow): SessionUser => ({
  id: user.id,
  email: user.email,
  role: user.role,
  displayName: user.displayName,
});

/** The public handle of a session row: what DELETE /api/session/sessions/:id and the lab view take. */
export const SessionHandle = Type.String({ pattern: '^[A-Za-z0-9_-]{16,64}$' });

export const CsrfHeader = Type.Object({ 'x-csrf-token': Type.Optional(Type.String({ maxLength: 200 })) });
