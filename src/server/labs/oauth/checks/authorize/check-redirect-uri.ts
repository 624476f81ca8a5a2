import { single, type Check } from '../check';
import { redirectUriAllowed } from '../../redirect-uri';
import { AuthorizePageError, type AuthorizeRequest } from './request';

/** redirect_uri is one the client registered; otherwise a page, never a redirect (RFC 6749 §4.1.2.1). */
export const checkRedirectUri: Check<AuthorizeRequest> = {
  name: 'redirect_uri',
  // RFC 9700 §4.1.3: compare the redirect_uri exactly, not by prefix or pattern.
  toggle: 'oauth.exactRedirectUri',
  reads: ['redirect_uri'],
  errors: ['invalid_redirect_uri'],
  run(request) {
    const redirectUri = single(request.query.redirect_uri);
    const exact = request.lab.ctx.toggles.isOn('oauth.exactRedirectUri');
    if (!redirectUri || !redirectUriAllowed(request.client!, redirectUri, exact))
      throw new AuthorizePageError(
        'This link is not valid',
        'The redirect_uri is not registered for this application, so Lab ID will not send anything there.',
        'invalid_redirect_uri',
      );
    request.redirectUri = redirectUri;
  },
};
