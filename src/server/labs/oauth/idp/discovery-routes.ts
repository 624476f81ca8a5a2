import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DEVICE_GRANT } from '../device-authorization';
import type { OAuthServices } from '../services';
import { SCOPES } from '../settings';
import { open } from '../schemas';

const Strings = Type.Array(Type.String());

const DiscoveryDocument = open({
  issuer: Type.String(),
  authorization_endpoint: Type.String(),
  token_endpoint: Type.String(),
  jwks_uri: Type.String(),
  scopes_supported: Strings,
  response_types_supported: Strings,
  grant_types_supported: Strings,
  code_challenge_methods_supported: Strings,
  authorization_response_iss_parameter_supported: Type.Boolean(),
  request_parameter_supported: Type.Boolean(),
  request_uri_parameter_supported: Type.Boolean(),
});

/** OIDC Discovery 1.0 and the signing keys (RFC 7517). */
export const discoveryRoutes =
  (lab: OAuthServices): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { ctx } = lab;
    app.get('/.well-known/openid-configuration', { schema: { response: { 200: DiscoveryDocument } } }, async () => {
      const issuer = lab.issuer();
      const refusesLegacy = ctx.toggles.isOn('oauth.refuseImplicitAndPassword');
      return {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        userinfo_endpoint: `${issuer}/userinfo`,
        jwks_uri: `${issuer}/jwks`,
        registration_endpoint: `${issuer}/register`,
        revocation_endpoint: `${issuer}/revoke`,
        introspection_endpoint: `${issuer}/introspect`,
        device_authorization_endpoint: `${issuer}/device_authorization`,
        end_session_endpoint: `${issuer}/logout`,
        scopes_supported: Object.keys(SCOPES),
        response_types_supported: refusesLegacy ? ['code'] : ['code', 'token'],
        response_modes_supported: ['query'],
        // RFC 8414 §2: list only what the token and authorization endpoints accept right now.
        grant_types_supported: [
          'authorization_code',
          'refresh_token',
          'client_credentials',
          DEVICE_GRANT,
          ...(refusesLegacy ? [] : ['implicit', 'password']),
        ],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
        revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
        introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'email', 'email_verified', 'name'],
        // RFC 9207 §3: clients learn that every authorization response carries iss.
        authorization_response_iss_parameter_supported: true,
        // OIDC Discovery 1.0 §3: request_uri_parameter_supported defaults to true, so both are said outright.
        request_parameter_supported: false,
        request_uri_parameter_supported: false,
      };
    });

    app.get('/jwks', { schema: { response: { 200: Type.Object({ keys: Type.Array(open({})) }) } } }, async () => ({
      keys: [lab.keys.publicJwk],
    }));
  };
