import type { UserRow } from '../../db/users';

/** The user as the session routes show it: never the hash, the TOTP secret or the token version. */
export const publicUser = (user: UserRow) => ({
  id: user.id,
  email: user.email,
  role: user.role,
  displayName: user.displayName,
});

export const userSchema = {
  type: 'object',
  required: ['id', 'email', 'role', 'displayName'],
  properties: {
    id: { type: 'integer' },
    email: { type: 'string' },
    role: { type: 'string', enum: ['user', 'admin'] },
    displayName: { type: ['string', 'null'] },
  },
} as const;

export const loginResponseSchema = {
  type: 'object',
  properties: {
    user: userSchema,
    csrfToken: { type: 'string' },
    absoluteExpiresAt: { type: 'string', format: 'date-time' },
    rememberMe: { type: 'boolean' },
    requiresMfa: { type: 'boolean' },
    mfaTicket: { type: 'string' },
  },
} as const;

const isoOrNull = { type: ['string', 'null'] } as const;

export const sessionSummarySchema = {
  type: 'object',
  required: ['id', 'current', 'createdAt', 'lastSeenAt', 'absoluteExpiresAt', 'idleExpiresAt', 'rememberMe'],
  properties: {
    id: { type: 'string' },
    current: { type: 'boolean' },
    userAgent: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    lastSeenAt: { type: 'string' },
    absoluteExpiresAt: { type: 'string' },
    idleExpiresAt: isoOrNull,
    rememberMe: { type: 'boolean' },
  },
} as const;
