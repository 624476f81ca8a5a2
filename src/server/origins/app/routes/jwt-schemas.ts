import { ACCESS_ALGORITHMS } from '../../../tokens/keys';
import { emailSchema, errorResponses, passwordSchema } from '../schemas';

/** JSON Schemas of the JWT lab routes; they validate input and feed the OpenAPI document. */
export const emptyBody = { type: 'object', additionalProperties: false, maxProperties: 0 } as const;

export const tokenResponse = {
  type: 'object',
  required: ['accessToken', 'expiresIn', 'tokenType'],
  properties: {
    accessToken: { type: 'string' },
    expiresIn: { type: 'integer' },
    tokenType: { type: 'string', const: 'Bearer' },
  },
} as const;

export const loginBody = {
  type: 'object',
  required: ['email', 'password'],
  properties: { email: emailSchema, password: passwordSchema, rememberMe: { type: 'boolean' } },
  additionalProperties: false,
} as const;

export const loginResponse = {
  type: 'object',
  properties: {
    ...tokenResponse.properties,
    requiresMfa: { type: 'boolean' },
    mfaTicket: { type: 'string' },
  },
} as const;

export const userSchema = {
  type: 'object',
  required: ['id', 'email', 'role'],
  properties: { id: { type: 'integer' }, email: { type: 'string' }, role: { type: 'string' } },
} as const;

export const meResponse = {
  type: 'object',
  required: ['user', 'claims'],
  properties: { user: userSchema, claims: { type: 'object', additionalProperties: true } },
} as const;

export const rotateBody = {
  type: 'object',
  properties: { compromised: { type: 'boolean' }, alg: { type: 'string', enum: [...ACCESS_ALGORITHMS] } },
  additionalProperties: false,
} as const;

export const keyInfo = {
  type: 'object',
  required: ['kid', 'purpose', 'alg', 'weak', 'createdAt', 'retireAt'],
  properties: {
    kid: { type: 'string' },
    purpose: { type: 'string', enum: ['access', 'refresh'] },
    alg: { type: 'string' },
    weak: { type: 'boolean' },
    createdAt: { type: 'number' },
    retireAt: { type: ['number', 'null'] },
  },
} as const;

export const jwksResponse = {
  type: 'object',
  required: ['keys'],
  properties: {
    keys: {
      type: 'array',
      items: {
        type: 'object',
        required: ['kty', 'kid', 'alg', 'use'],
        // Public members only: the response schema itself drops d, p, q, dp, dq, qi and k.
        properties: {
          kty: { type: 'string' },
          kid: { type: 'string' },
          alg: { type: 'string' },
          use: { type: 'string' },
          n: { type: 'string' },
          e: { type: 'string' },
          crv: { type: 'string' },
          x: { type: 'string' },
          y: { type: 'string' },
        },
        additionalProperties: false,
      },
    },
  },
} as const;

export const familiesResponse = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      email: { type: 'string' },
      createdAt: { type: 'number' },
      revokedAt: { type: ['number', 'null'] },
      revokedReason: { type: ['string', 'null'] },
      tokens: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            jti: { type: 'string' },
            parentJti: { type: ['string', 'null'] },
            status: { type: 'string' },
            issuedAt: { type: 'number' },
            expiresAt: { type: 'number' },
            usedAt: { type: ['number', 'null'] },
          },
        },
      },
    },
  },
} as const;

export const bearerErrors = errorResponses(400, 401, 415);
