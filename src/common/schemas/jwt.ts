/** The JWT lab's request and response shapes (API.md, "JWT lab"); see common.ts. */
import { Type, type Static } from 'typebox';
import { Email, IsoTime, Nullable, Password, StringEnum } from './common';
import { MfaStepBody } from './mfa';

/** Every algorithm a lab access key can have; one key, one algorithm (RFC 8725 §3.1). */
export const ACCESS_ALGORITHMS = ['HS256', 'RS256', 'ES256', 'EdDSA'] as const;
export type AccessAlgorithm = (typeof ACCESS_ALGORITHMS)[number];
export const isAccessAlgorithm = (value: string): value is AccessAlgorithm =>
  ACCESS_ALGORITHMS.some((a) => a === value);

export const TokenResponse = Type.Object({
  accessToken: Type.String(),
  expiresIn: Type.Integer(),
  tokenType: Type.Literal('Bearer'),
});
export type TokenResponse = Static<typeof TokenResponse>;

export const JwtLoginBody = Type.Object(
  { email: Email, password: Password, rememberMe: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

/** Tokens, or the MFA step's ticket. */
export const JwtLoginResponse = Type.Object({
  accessToken: Type.Optional(Type.String()),
  expiresIn: Type.Optional(Type.Integer()),
  tokenType: Type.Optional(Type.Literal('Bearer')),
  requiresMfa: Type.Optional(Type.Boolean()),
  mfaTicket: Type.Optional(Type.String()),
});
export type JwtLoginResponse = Static<typeof JwtLoginResponse>;

/** The MFA step: the same body on every login path. */
export const JwtMfaBody = MfaStepBody;

export const JwtUser = Type.Object({ id: Type.Integer(), email: Type.String(), role: Type.String() });

export const JwtMeResponse = Type.Object({
  user: JwtUser,
  claims: Type.Object({}, { additionalProperties: true }),
});
export type JwtMeResponse = Static<typeof JwtMeResponse>;

export const RotateBody = Type.Object(
  { compromised: Type.Optional(Type.Boolean()), alg: Type.Optional(StringEnum(ACCESS_ALGORITHMS)) },
  { additionalProperties: false },
);

/** A signing key as GET /api/lab/jwt/keys lists it: public facts only, never key material. */
export const JwtKeyInfo = Type.Object({
  kid: Type.String(),
  purpose: StringEnum(['access', 'refresh']),
  alg: Type.String(),
  weak: Type.Boolean(),
  createdAt: IsoTime,
  retireAt: Nullable(IsoTime),
});
export type JwtKeyInfo = Static<typeof JwtKeyInfo>;

export const JwksResponse = Type.Object({
  keys: Type.Array(
    // Public members only: the response schema itself drops d, p, q, dp, dq, qi and k.
    Type.Object(
      {
        kty: Type.String(),
        kid: Type.String(),
        alg: Type.String(),
        use: Type.String(),
        n: Type.Optional(Type.String()),
        e: Type.Optional(Type.String()),
        crv: Type.Optional(Type.String()),
        x: Type.Optional(Type.String()),
        y: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
  ),
});

/** One refresh-token family with its tokens, as GET /api/lab/jwt/families returns it (the lab's family graph). */
export const RefreshFamilyView = Type.Object({
  id: Type.String(),
  email: Type.String(),
  createdAt: IsoTime,
  revokedAt: Nullable(IsoTime),
  revokedReason: Nullable(Type.String()),
  tokens: Type.Array(
    Type.Object({
      jti: Type.String(),
      parentJti: Nullable(Type.String()),
      status: StringEnum(['active', 'rotated']),
      issuedAt: IsoTime,
      expiresAt: IsoTime,
      usedAt: Nullable(IsoTime),
    }),
  ),
});
export type RefreshFamilyView = Static<typeof RefreshFamilyView>;

export const FamiliesResponse = Type.Array(RefreshFamilyView);

export const AdminResponse = Type.Object({ message: Type.String(), email: Type.String() });
export const LogoutResponse = Type.Object({ familyRevoked: Type.Boolean(), accessTokenDenied: Type.Boolean() });
export const LogoutAllResponse = Type.Object({ tokenVersion: Type.Integer() });
export const WordlistResponse = Type.Object({ words: Type.Array(Type.String()) });
