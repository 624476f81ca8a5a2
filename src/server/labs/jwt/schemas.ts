import { errorResponses } from '../../../common/schemas/common';

/**
 * The JWT lab's route schemas. The shapes the renderer reads live in
 * common/schemas/jwt.ts; these few are only the server's.
 */
export {
  AdminResponse,
  FamiliesResponse,
  JwksResponse,
  JwtKeyInfo,
  JwtLoginBody,
  JwtLoginResponse,
  JwtMeResponse,
  JwtMfaBody,
  LogoutAllResponse,
  LogoutResponse,
  RotateBody,
  TokenResponse,
  WordlistResponse,
} from '../../../common/schemas/jwt';
export { EmptyBody } from '../../../common/schemas/common';

export const bearerErrors = errorResponses(400, 401, 415);
