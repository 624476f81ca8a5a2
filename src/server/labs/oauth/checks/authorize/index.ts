import type { Check } from '../check';
import { checkClient } from './check-client';
import { checkLengths } from './check-lengths';
import { checkMaxAge } from './check-max-age';
import { checkPkce } from './check-pkce';
import { checkPrompt } from './check-prompt';
import { checkRedirectUri } from './check-redirect-uri';
import { checkRequestObject } from './check-request-object';
import { checkResponseType } from './check-response-type';
import { checkScope } from './check-scope';
import { checkSingleValues } from './check-single-values';
import type { AuthorizeRequest } from './request';

export { AuthorizePageError, type AuthorizeRequest } from './request';

/**
 * The checks of /authorize, in order. The first two fail with a page (no
 * trusted redirect_uri yet); every later one fails with an error redirect.
 */
export const PAGE_CHECKS: ReadonlyArray<Check<AuthorizeRequest>> = [checkClient, checkRedirectUri];
export const AUTHORIZE_CHECKS: ReadonlyArray<Check<AuthorizeRequest>> = [
  checkRequestObject,
  checkSingleValues,
  checkResponseType,
  checkScope,
  checkPkce,
  checkMaxAge,
  checkLengths,
  checkPrompt,
];
