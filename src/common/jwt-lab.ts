/**
 * Seconds an access token still verifies after its `exp`, for clock skew
 * between issuer and verifier (RFC 7519 §4.1.4 allows "some small leeway";
 * SECURITY.md asks for about 60 s). The server refuses the token from
 * `exp + ACCESS_TOKEN_LEEWAY_S` on, and the JWT lab counts down to that moment.
 */
export const ACCESS_TOKEN_LEEWAY_S = 60;
