import { Type } from 'typebox';
import { errorResponses } from '../../../common/schemas/common';

/**
 * The JWT lab's route schemas. The shapes the renderer reads live in
 * common/schemas/jwt.ts; these few are only the server's.
 */
export {
  FamiliesResponse,
  JwksResponse,
  JwtKeyInfo,
  JwtLoginBody,
  JwtLoginResponse,
  JwtMeResponse,
  JwtMfaBody,
  RotateBody,
  TokenResponse,
} from '../../../common/schemas/jwt';
export { EmptyBody } from '../../../common/schemas/common';

export const AdminResponse = Type.Object({ message: Type.String(), email: Type.String() });
export const LogoutResponse = Type.Object({ familyRevoked: Type.Boolean(), accessTokenDenied: Type.Boolean() });
export const LogoutAllResponse = Type.Object({ tokenVersion: Type.Integer() });
export const WordlistResponse = Type.Object({ words: Type.Array(Type.String()) });

export const bearerErrors = errorResponses(400, 401, 415);
