import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LOGIN_LIMITS } from '../../auth/login-throttle';
import { completeMfaLogin, checkPasswordLogin } from '../../auth/password-login';
import { LabError, rateLimitHeaders } from '../../core/errors';
import { constantTimeEqual, randomToken } from '../../crypto/random';
import {
  DEVICE_GRANT,
  authenticateClient,
  checkScopes,
  clientCredentialsGrant,
  deviceCodeGrant,
  exchangeCode,
  findToken,
  issueAccessToken,
  issueCode,
  oauthError,
  parseScope,
  passwordGrant,
  readClientCredentials,
  refreshGrant,
  startDeviceAuthorization,
  verifyAccessToken,
} from './authorization-server';
import { ACCESS_TTL_S, DEVICE_GUESS_LIMITS, IDP_SESSION_TTL_MS, INTERACTION_TTL_MS, SCOPES } from './settings';
import type { OAuthServices } from './services';
import { consentPage, devicePage, messagePage, mfaPage, signInPage } from './pages';
import { CHALLENGE_PATTERN } from './pkce';
import { redirectUriAllowed } from './redirect-uri';
import { registerClient } from './registration';
import { sha256, type Interaction, type OAuthClient } from './repositories';

/** Cookie names are unique across origins: ports do not separate cookies (ARCHITECTURE.md). */
export const IDP_SESSION_COOKIE = 'labid_session';
export const IDP_BROWSER_COOKIE = 'labid_browser';

// The pages run no script; they may not be framed (clickjacking on consent, RFC 9700 §4.16).
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'";

type Params = Record<string, unknown>;

const hasType = (request: FastifyRequest, type: string) =>
  (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() === type;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function html(reply: FastifyReply, status: number, body: string) {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', PAGE_CSP)
    .header('x-frame-options', 'DENY')
    .send(body);
}

/**
 * Lab ID, the authorization server and OpenID provider on the idp origin.
 * One encapsulated plugin: cookies, form bodies and its headers stay in this
 * scope.
 */
export function idpRoutes(lab: OAuthServices) {
  return async (app: FastifyInstance): Promise<void> => {
    const { ctx } = lab;
    await app.register(fastifyCookie);
    await app.register(fastifyFormbody);
    // Every answer of the authorization server is personal or a credential: no caching (RFC 6749 §5.1).
    app.addHook('onSend', async (request, reply) => {
      const path = request.url.split('?')[0];
      if (path !== '/jwks' && !path?.startsWith('/.well-known/')) {
        reply.header('cache-control', 'no-store');
        reply.header('pragma', 'no-cache');
      }
    });
    app.addHook('onRequest', async () => lab.ensureDemoClients());

    const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: false };
    const nowMs = () => ctx.clock.nowMs();

    /** A random id for this browser, so an interaction started elsewhere cannot be finished here. */
    function browserOf(request: FastifyRequest, reply: FastifyReply): string {
      const existing = request.cookies[IDP_BROWSER_COOKIE];
      if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return sha256(existing);
      const fresh = randomToken(32);
      reply.setCookie(IDP_BROWSER_COOKIE, fresh, cookieOptions);
      return sha256(fresh);
    }

    function currentSession(request: FastifyRequest) {
      const sid = request.cookies[IDP_SESSION_COOKIE];
      if (!sid || sid.length > 100) return undefined;
      const session = lab.sessions.find(sid, nowMs());
      const user = session && ctx.users.findById(session.userId);
      return session && user ? { ...session, user } : undefined;
    }

    function startSession(request: FastifyRequest, reply: FastifyReply, userId: number, amr: string[]) {
      // A new id at every sign-in, never the one the browser came with (session fixation, ASVS 5.0 V7.2.4).
      const old = request.cookies[IDP_SESSION_COOKIE];
      if (old) lab.sessions.delete(old);
      const sid = randomToken(32);
      lab.sessions.create(sid, userId, ctx.clock.epochSeconds(), amr, nowMs() + IDP_SESSION_TTL_MS);
      reply.setCookie(IDP_SESSION_COOKIE, sid, cookieOptions);
    }

    function newInteraction(interaction: Interaction) {
      const id = randomToken(32);
      const csrf = randomToken(32);
      lab.interactions.create(id, csrf, interaction, nowMs() + INTERACTION_TTL_MS);
      return { id, csrf };
    }

    /** Loads an interaction posted by a form, checking the browser binding and the CSRF token. */
    function postedInteraction(request: FastifyRequest, reply: FastifyReply, body: Params) {
      const id = str(body.interaction);
      const csrf = str(body.csrf);
      const found = id && id.length < 100 ? lab.interactions.find(id, nowMs()) : undefined;
      const browser = request.cookies[IDP_BROWSER_COOKIE];
      // The CSRF token is bound to the interaction and the interaction to this browser (OWASP CSRF cheat sheet).
      if (
        !found ||
        !csrf ||
        !browser ||
        !constantTimeEqual(sha256(csrf), found.csrfHash) ||
        !constantTimeEqual(sha256(browser), found.interaction.browser)
      ) {
        html(
          reply,
          400,
          messagePage(
            'This request cannot continue',
            'The sign-in request expired or was not started in this browser. Go back to the app and start again.',
            'invalid_request',
          ),
        );
        return undefined;
      }
      return { id: id!, csrf: csrf, interaction: found.interaction };
    }

    function clientName(clientId: string) {
      return lab.clients.find(clientId)?.name ?? 'a device';
    }

    /** Builds a redirect back to a *verified* redirect_uri, always with iss (RFC 9207) and the state as sent. */
    function backToClient(
      reply: FastifyReply,
      redirectUri: string,
      params: Record<string, string | undefined>,
      fragment = false,
    ) {
      const url = new URL(redirectUri);
      const out = fragment ? new URLSearchParams() : url.searchParams;
      for (const [key, value] of Object.entries({ ...params, iss: lab.issuer() }))
        if (value !== undefined) out.set(key, value);
      if (fragment) url.hash = out.toString();
      return reply.redirect(url.toString(), 303);
    }

    async function finishAuthorization(
      reply: FastifyReply,
      interaction: Interaction,
      session: { userId: number; authTime: number },
    ) {
      const redirectUri = interaction.redirectUri!;
      if (interaction.responseType === 'token') {
        const client = lab.clients.find(interaction.clientId)!;
        const scopes = interaction.scope.split(' ');
        const accessToken = await issueAccessToken(lab, {
          client,
          userId: session.userId,
          scopes,
          authTime: session.authTime,
          familyId: null,
          codeHash: null,
        });
        // THE IMPLICIT GRANT (oauth.refuseImplicitAndPassword off): the token itself rides in the URL fragment.
        return backToClient(
          reply,
          redirectUri,
          {
            access_token: accessToken,
            token_type: 'Bearer',
            expires_in: String(ACCESS_TTL_S),
            scope: interaction.scope,
            state: interaction.state,
          },
          true,
        );
      }
      const code = issueCode(lab, {
        clientId: interaction.clientId,
        userId: session.userId,
        redirectUri,
        scope: interaction.scope,
        nonce: interaction.nonce,
        codeChallenge: interaction.codeChallenge,
        authTime: session.authTime,
      });
      return backToClient(reply, redirectUri, { code, state: interaction.state });
    }

    /** After sign-in: skip consent the user already gave, otherwise show the consent page. */
    async function consentOrFinish(
      reply: FastifyReply,
      id: string,
      csrf: string,
      interaction: Interaction,
      session: { userId: number; authTime: number; user: { email: string } },
    ) {
      const scopes = interaction.scope.split(' ');
      const asksConsent = (interaction.prompt ?? '').split(' ').includes('consent');
      if (!asksConsent && lab.consents.covers(session.userId, interaction.clientId, scopes)) {
        lab.interactions.delete(id);
        return finishAuthorization(reply, interaction, session);
      }
      if (interaction.prompt === 'none')
        return backToClient(reply, interaction.redirectUri!, { error: 'consent_required', state: interaction.state });
      return html(
        reply,
        200,
        consentPage({
          interaction: id,
          csrf,
          clientName: clientName(interaction.clientId),
          email: session.user.email,
          scopes: scopes.map((name) => ({ name, description: SCOPES[name] ?? name })),
        }),
      );
    }

    // ---- Discovery and keys -------------------------------------------------
    app.get('/.well-known/openid-configuration', async () => {
      const issuer = lab.issuer();
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
        response_types_supported: ctx.toggles.isOn('oauth.refuseImplicitAndPassword') ? ['code'] : ['code', 'token'],
        response_modes_supported: ['query'],
        // RFC 8414 §2: list only what the token and authorization endpoints accept right now.
        grant_types_supported: [
          'authorization_code',
          'refresh_token',
          'client_credentials',
          DEVICE_GRANT,
          ...(ctx.toggles.isOn('oauth.refuseImplicitAndPassword') ? [] : ['implicit', 'password']),
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
      };
    });

    app.get('/jwks', async () => ({ keys: [lab.keys.publicJwk] }));

    // ---- The authorization endpoint -----------------------------------------
    app.get('/authorize', async (request, reply) => {
      const q = request.query as Params;
      const clientId = str(q.client_id);
      const redirectUri = str(q.redirect_uri);
      const client: OAuthClient | undefined = clientId ? lab.clients.find(clientId) : undefined;
      // RFC 6749 §4.1.2.1: with no valid client or redirect_uri, tell the user, never redirect.
      if (!client)
        return html(
          reply,
          400,
          messagePage('Unknown application', 'This sign-in link names no known application.', 'invalid_client'),
        );
      if (!redirectUri || !redirectUriAllowed(client, redirectUri, ctx.toggles.isOn('oauth.exactRedirectUri')))
        return html(
          reply,
          400,
          messagePage(
            'This link is not valid',
            'The redirect_uri is not registered for this application, so Lab ID will not send anything there.',
            'invalid_redirect_uri',
          ),
        );
      const state = str(q.state);
      const fail = (error: string, description: string) =>
        backToClient(reply, redirectUri, { error, error_description: description, state });
      // RFC 6749 §3.1: a parameter sent twice makes the request invalid.
      if (Object.values(q).some((v) => typeof v !== 'string'))
        return fail('invalid_request', 'A parameter was sent more than once.');
      const responseType = str(q.response_type);
      if (responseType === 'token') {
        // RFC 9700 §2.1.2: the implicit grant should not be used; refused while the defence is on.
        if (ctx.toggles.isOn('oauth.refuseImplicitAndPassword') || !client.grantTypes.includes('implicit'))
          return fail('unsupported_response_type', 'The implicit grant is not allowed (RFC 9700 §2.1.2).');
      } else if (responseType !== 'code') {
        return fail('unsupported_response_type', 'Only response_type=code is supported.');
      }
      const scopes = parseScope(q.scope) ?? [];
      try {
        checkScopes(client, scopes);
      } catch (error) {
        return fail('invalid_scope', (error as Error).message);
      }
      const challenge = str(q.code_challenge);
      const method = str(q.code_challenge_method);
      if (responseType === 'code') {
        if (challenge !== undefined || method !== undefined) {
          // RFC 9700 §2.1.1: S256 only; "plain" and an omitted method are refused.
          if (method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256.');
          if (!challenge || !CHALLENGE_PATTERN.test(challenge))
            return fail('invalid_request', 'code_challenge must be 43 base64url characters.');
        } else if (ctx.toggles.isOn('oauth.requirePkce')) {
          // RFC 7636 / RFC 9700 §2.1.1: every client sends PKCE, so an intercepted code is useless alone.
          return fail('invalid_request', 'PKCE is required: send code_challenge with code_challenge_method=S256.');
        }
      }
      const maxAgeRaw = str(q.max_age);
      if (maxAgeRaw !== undefined && !/^\d{1,9}$/.test(maxAgeRaw))
        return fail('invalid_request', 'max_age must be a number of seconds.');
      const nonce = str(q.nonce);
      if ((state?.length ?? 0) > 2048 || (nonce?.length ?? 0) > 2048)
        return fail('invalid_request', 'state or nonce is too long.');
      const prompt = str(q.prompt);
      if (prompt !== undefined && !/^(none|login|consent|login consent|consent login)$/.test(prompt))
        return fail('invalid_request', 'prompt must be none, login or consent.');

      const interaction: Interaction = {
        kind: 'authorize',
        browser: browserOf(request, reply),
        clientId: client.clientId,
        scope: scopes.join(' '),
        redirectUri,
        responseType,
        state,
        nonce,
        codeChallenge: challenge,
        maxAge: maxAgeRaw === undefined ? undefined : Number(maxAgeRaw),
        prompt,
      };
      const session = currentSession(request);
      const tooOld =
        session && interaction.maxAge !== undefined && ctx.clock.epochSeconds() - session.authTime > interaction.maxAge;
      const needsLogin = !session || tooOld || (prompt ?? '').split(' ').includes('login');
      if (needsLogin && prompt === 'none') return fail('login_required', 'The user is not signed in at Lab ID.');
      const { id, csrf } = newInteraction(interaction);
      if (needsLogin) return html(reply, 200, signInPage({ interaction: id, csrf, clientName: client.name }));
      return consentOrFinish(reply, id, csrf, interaction, session);
    });

    /** Where a browser goes after signing in: the consent step, or the device page. */
    function afterSignIn(reply: FastifyReply, id: string, interaction: Interaction) {
      if (interaction.kind === 'device') {
        lab.interactions.delete(id);
        const query = interaction.userCode ? `?user_code=${encodeURIComponent(interaction.userCode)}` : '';
        return reply.redirect(`/device${query}`, 303);
      }
      // 303 after a credential POST, so a reload never resends the password (RFC 9700 §4.11).
      return reply.redirect(`/consent?interaction=${encodeURIComponent(id)}`, 303);
    }

    app.post('/login', async (request, reply) => {
      const body = (request.body ?? {}) as Params;
      const found = postedInteraction(request, reply, body);
      if (!found) return reply;
      const email = str(body.email) ?? '';
      const password = str(body.password) ?? '';
      const again = (status: number, error: string) =>
        html(
          reply,
          status,
          signInPage({
            interaction: found.id,
            csrf: found.csrf,
            clientName: clientName(found.interaction.clientId),
            error,
          }),
        );
      if (!email || !password || email.length > 320 || password.length > 1024)
        return again(400, 'Enter your email and password.');
      try {
        const result = await checkPasswordLogin(ctx, { email, password, ip: request.ip, purpose: 'oauth' });
        if (result.kind === 'mfa_required')
          return html(reply, 200, mfaPage({ interaction: found.id, csrf: found.csrf, ticket: result.mfaTicket }));
        startSession(request, reply, result.user.id, ['pwd']);
        return afterSignIn(reply, found.id, found.interaction);
      } catch (error) {
        if (!(error instanceof LabError)) throw error;
        // The page says how long to wait (in the message); the headers say it to machines.
        if (error.statusCode === 429) reply.headers(rateLimitHeaders(error));
        return again(error.statusCode, error.message);
      }
    });

    app.post('/login/mfa', async (request, reply) => {
      const body = (request.body ?? {}) as Params;
      const found = postedInteraction(request, reply, body);
      if (!found) return reply;
      const ticket = str(body.ticket) ?? '';
      try {
        const { user } = await completeMfaLogin(ctx, {
          mfaTicket: ticket,
          code: str(body.code) ?? '',
          purpose: 'oauth',
        });
        startSession(request, reply, user.id, ['pwd', 'otp']);
        return afterSignIn(reply, found.id, found.interaction);
      } catch (error) {
        if (!(error instanceof LabError)) throw error;
        if (error.statusCode === 429) reply.headers(rateLimitHeaders(error));
        if (error.code === 'invalid_code')
          return html(reply, 401, mfaPage({ interaction: found.id, csrf: found.csrf, ticket, error: error.message }));
        return html(
          reply,
          error.statusCode,
          signInPage({
            interaction: found.id,
            csrf: found.csrf,
            clientName: clientName(found.interaction.clientId),
            error: error.message,
          }),
        );
      }
    });

    app.get('/consent', async (request, reply) => {
      const id = str((request.query as Params).interaction);
      const found = id && id.length < 100 ? lab.interactions.find(id, nowMs()) : undefined;
      const browser = request.cookies[IDP_BROWSER_COOKIE];
      if (!found || found.interaction.kind !== 'authorize' || !browser || sha256(browser) !== found.interaction.browser)
        return html(
          reply,
          400,
          messagePage('This request cannot continue', 'Start again from the app.', 'invalid_request'),
        );
      const session = currentSession(request);
      // A fresh CSRF token for the consent form, replacing the sign-in one.
      lab.interactions.delete(id!);
      const next = newInteraction(found.interaction);
      if (!session)
        return html(
          reply,
          200,
          signInPage({ interaction: next.id, csrf: next.csrf, clientName: clientName(found.interaction.clientId) }),
        );
      return consentOrFinish(reply, next.id, next.csrf, found.interaction, session);
    });

    app.post('/consent', async (request, reply) => {
      const body = (request.body ?? {}) as Params;
      const found = postedInteraction(request, reply, body);
      if (!found) return reply;
      const session = currentSession(request);
      if (!session || found.interaction.kind !== 'authorize')
        return html(reply, 401, messagePage('Signed out', 'Sign in again from the app.', 'login_required'));
      lab.interactions.delete(found.id);
      const { interaction } = found;
      if (str(body.decision) !== 'allow')
        return backToClient(reply, interaction.redirectUri!, {
          error: 'access_denied',
          error_description: 'The user denied the request.',
          state: interaction.state,
        });
      lab.consents.grant(session.userId, interaction.clientId, interaction.scope.split(' '), nowMs());
      return finishAuthorization(reply, interaction, session);
    });

    // OIDC RP-Initiated Logout 1.0: ends the Lab ID session for a valid id_token_hint, and
    // redirects only to a post_logout_redirect_uri registered for the token's client.
    app.get('/logout', async (request, reply) => {
      const q = request.query as Params;
      const hint = str(q.id_token_hint);
      let clientId: string | undefined;
      if (hint && hint.length < 8192) {
        try {
          // An expired ID token is still a fine hint; the signature and issuer must hold.
          const { payload } = await lab.keys.verify(hint, { issuer: lab.issuer(), currentDate: new Date(0) });
          clientId = typeof payload.aud === 'string' ? payload.aud : undefined;
        } catch {
          clientId = undefined;
        }
      }
      if (!clientId)
        return html(
          reply,
          400,
          messagePage(
            'Sign out from the app',
            'Lab ID signs you out when an app asks with your ID token.',
            'invalid_request',
          ),
        );
      const redirect = str(q.post_logout_redirect_uri);
      if (redirect !== undefined && !lab.postLogoutRedirectUris(clientId).includes(redirect))
        return html(
          reply,
          400,
          messagePage('This link is not valid', 'That post_logout_redirect_uri is not registered.', 'invalid_request'),
        );
      const sid = request.cookies[IDP_SESSION_COOKIE];
      if (sid && sid.length < 100) lab.sessions.delete(sid);
      reply.clearCookie(IDP_SESSION_COOKIE, { path: '/' });
      if (!redirect) return html(reply, 200, messagePage('Signed out', 'You are signed out of Lab ID.'));
      const url = new URL(redirect);
      const state = str(q.state);
      if (state) url.searchParams.set('state', state);
      return reply.redirect(url.toString(), 303);
    });

    // ---- The token endpoint and friends (form-encoded, RFC 6749 §3.2) -------
    function formBody(request: FastifyRequest): Params {
      if (!hasType(request, 'application/x-www-form-urlencoded'))
        throw oauthError(400, 'invalid_request', 'Send the parameters as application/x-www-form-urlencoded.');
      const body = (request.body ?? {}) as Params;
      if (Object.values(body).some((v) => typeof v !== 'string'))
        throw oauthError(400, 'invalid_request', 'A parameter was sent more than once.');
      return body;
    }

    function clientOf(request: FastifyRequest, reply: FastifyReply, body: Params) {
      const authorization = request.headers.authorization;
      try {
        return authenticateClient(lab, readClientCredentials(authorization, body));
      } catch (error) {
        // RFC 6749 §5.2: a client that tried Basic gets a WWW-Authenticate challenge with its 401.
        if (error instanceof LabError && error.statusCode === 401 && authorization)
          reply.header('www-authenticate', 'Basic realm="Lab ID"');
        throw error;
      }
    }

    app.post('/token', async (request, reply) => {
      const body = formBody(request);
      const client = clientOf(request, reply, body);
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      switch (body.grant_type) {
        case 'authorization_code':
          return exchangeCode(lab, client, body);
        case 'refresh_token':
          return refreshGrant(lab, client, body);
        case 'client_credentials':
          return clientCredentialsGrant(lab, client, body);
        case DEVICE_GRANT:
          return deviceCodeGrant(lab, client, body);
        case 'password':
          return passwordGrant(lab, client, body, request.ip);
        case undefined:
          throw oauthError(400, 'invalid_request', 'grant_type is required.');
        default:
          throw oauthError(400, 'unsupported_grant_type', 'Lab ID does not support this grant_type.');
      }
    });

    async function userinfo(request: FastifyRequest, reply: FastifyReply) {
      const header = request.headers.authorization ?? '';
      const token = /^Bearer [A-Za-z0-9._~+/-]+=*$/i.test(header) ? header.slice(7) : undefined;
      if (!token) {
        reply.header('www-authenticate', 'Bearer realm="Lab ID"');
        throw new LabError(401, 'invalid_token', 'Send an access token as "Authorization: Bearer …".');
      }
      const result = await verifyAccessToken(lab, token, `${lab.issuer()}/userinfo`);
      if (!result.ok) {
        reply.header('www-authenticate', `Bearer realm="Lab ID", error="invalid_token"`);
        throw new LabError(401, 'invalid_token', result.reason);
      }
      const scopes = String(result.payload.scope ?? '').split(' ');
      const user = ctx.users.findById(Number(result.payload.sub));
      if (!scopes.includes('openid') || !user) {
        reply.header('www-authenticate', `Bearer realm="Lab ID", error="insufficient_scope", scope="openid"`);
        throw new LabError(403, 'insufficient_scope', 'This token was not issued with the openid scope.');
      }
      return {
        sub: String(user.id),
        ...(scopes.includes('email') ? { email: user.email, email_verified: true } : {}),
        ...(scopes.includes('profile') ? { name: user.displayName ?? user.email.split('@')[0] } : {}),
      };
    }
    app.get('/userinfo', userinfo);
    app.post('/userinfo', userinfo);

    // RFC 7009: the answer is 200 whether or not the token was known, so it reveals nothing.
    app.post('/revoke', async (request, reply) => {
      const body = formBody(request);
      const client = clientOf(request, reply, body);
      const token = str(body.token);
      if (!token) throw oauthError(400, 'invalid_request', 'token is required.');
      const row = await findToken(lab, token);
      if (row && row.clientId === client.clientId) {
        // Revoking a refresh token also ends the access tokens of its grant (RFC 7009 §2.1).
        if (row.kind === 'refresh' && row.familyId) lab.tokens.revokeFamily(row.familyId);
        else lab.tokens.revoke(row.id);
      }
      return reply.status(200).send();
    });

    // RFC 7662 §2.1: only authenticated (confidential) clients may introspect.
    app.post('/introspect', async (request, reply) => {
      const body = formBody(request);
      const client = clientOf(request, reply, body);
      if (client.authMethod === 'none')
        throw oauthError(401, 'invalid_client', 'Only confidential clients may introspect tokens.');
      const token = str(body.token);
      if (!token) throw oauthError(400, 'invalid_request', 'token is required.');
      const row = await findToken(lab, token);
      const now = nowMs();
      const active =
        row &&
        row.status === 'active' &&
        row.expiresAt > now &&
        (row.familyExpires === null || row.familyExpires > now) &&
        row.clientId === client.clientId;
      if (!row || !active) return { active: false };
      return {
        active: true,
        scope: row.scope,
        client_id: row.clientId,
        sub: row.userId === null ? row.clientId : String(row.userId),
        iss: lab.issuer(),
        iat: Math.floor(row.issuedAt / 1000),
        exp: Math.floor(row.expiresAt / 1000),
        token_type: row.kind === 'access' ? 'Bearer' : 'refresh_token',
      };
    });

    // RFC 7591 dynamic registration, open to loopback callers only.
    app.post('/register', async (request, reply) => {
      const ip = request.ip;
      if (!['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(ip))
        throw new LabError(403, 'forbidden', 'Registration is open to loopback callers only.');
      if (!hasType(request, 'application/json'))
        throw new LabError(415, 'unsupported_media_type', 'Send the client metadata as application/json.');
      const meta = request.body;
      if (!meta || typeof meta !== 'object' || Array.isArray(meta))
        throw oauthError(400, 'invalid_client_metadata', 'The body must be a JSON object.');
      const registered = registerClient(lab, meta as Params);
      return reply.status(201).send(registered);
    });

    // ---- Device flow (RFC 8628) ----------------------------------------------
    app.post('/device_authorization', async (request, reply) => {
      const body = formBody(request);
      const client = clientOf(request, reply, body);
      return startDeviceAuthorization(lab, client, body);
    });

    const normaliseUserCode = (raw: string) => {
      const letters = raw.toUpperCase().replace(/[^A-Z]/g, '');
      return letters.length === 8 ? `${letters.slice(0, 4)}-${letters.slice(4)}` : raw.slice(0, 20);
    };

    function showDevice(
      request: FastifyRequest,
      reply: FastifyReply,
      userCode: string,
      { status, ...notes }: { message?: string; error?: string; status?: number } = {},
    ) {
      const session = currentSession(request);
      const browser = browserOf(request, reply);
      if (!session) {
        const { id, csrf } = newInteraction({ kind: 'device', browser, clientId: '', scope: '', userCode });
        return html(reply, 200, signInPage({ interaction: id, csrf, clientName: 'your device' }));
      }
      const { id, csrf } = newInteraction({ kind: 'device', browser, clientId: '', scope: '' });
      const row = userCode ? lab.devices.findByUserCode(userCode) : undefined;
      const pending = row && row.status === 'pending' && row.expiresAt > nowMs() ? row : undefined;
      return html(
        reply,
        status ?? (notes.error ? 400 : 200),
        devicePage({
          interaction: id,
          csrf,
          email: session.user.email,
          userCode: notes.message ? '' : userCode,
          clientName: pending ? clientName(pending.clientId) : undefined,
          scopes: pending?.scope.split(' '),
          ...notes,
        }),
      );
    }

    app.get('/device', async (request, reply) =>
      showDevice(request, reply, normaliseUserCode(str((request.query as Params).user_code) ?? '')),
    );

    app.post('/device', async (request, reply) => {
      const body = (request.body ?? {}) as Params;
      const found = postedInteraction(request, reply, body);
      if (!found) return reply;
      lab.interactions.delete(found.id);
      const session = currentSession(request);
      const userCode = normaliseUserCode(str(body.user_code) ?? '');
      if (!session) return showDevice(request, reply, userCode);
      // RFC 8628 §5.1: the user code is short, so wrong guesses are counted per Lab ID session and per
      // IP on the lab clock. Over budget, even a right code waits: otherwise guessing would just go on.
      const guessKeys: Array<[string, number]> = [
        [`device-session:${sha256(request.cookies[IDP_SESSION_COOKIE] ?? '')}`, DEVICE_GUESS_LIMITS.perSession],
        [`device-ip:${request.ip}`, DEVICE_GUESS_LIMITS.perIp],
      ];
      const waitMs = Math.max(
        ...guessKeys.map(([key, limit]) => {
          const seen = ctx.loginState.failures(key, nowMs(), LOGIN_LIMITS.windowMs);
          if (!seen || seen.count < limit) return 0;
          return Math.max(0, seen.window_start + LOGIN_LIMITS.windowMs - nowMs());
        }),
      );
      if (waitMs > 0) {
        reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
        return showDevice(request, reply, '', {
          error: `Too many wrong codes. Try again in ${Math.ceil(waitMs / 60_000)} minutes.`,
          status: 429,
        });
      }
      const row = lab.devices.findByUserCode(userCode);
      if (!row || row.status !== 'pending' || row.expiresAt <= nowMs()) {
        for (const [key] of guessKeys) ctx.loginState.bumpFailures(key, nowMs(), LOGIN_LIMITS.windowMs);
        return showDevice(request, reply, userCode, { error: 'That code is unknown, expired or already used.' });
      }
      const allow = str(body.decision) === 'allow';
      lab.devices.decide(userCode, allow, session.userId, session.authTime);
      return showDevice(request, reply, '', {
        message: allow
          ? 'Device connected. You can go back to your device.'
          : 'Request denied. The device gets no access.',
      });
    });
  };
}
