import type { LabDatabase } from '../../db/open';

/**
 * Ends everything a user holds at Lab ID, for a password reset or change
 * (RFC 9700 §4.14.2; ASVS 5.0 V7.4.3): their Lab ID sign-in sessions, their
 * remembered consents, codes not yet redeemed, device approvals not yet
 * collected, and every access and refresh token. Access tokens need no
 * version counter: every resource (/userinfo, /api/oauth/resource,
 * introspection) looks the token's row up by jti, so a revoked row fails at
 * once. One transaction, so a crash never leaves half of it done.
 */
export function signOutEverywhere(db: LabDatabase): (userId: number) => void {
  const statements = [
    db.prepare('DELETE FROM oauth_sessions WHERE user_id = ?'),
    db.prepare('DELETE FROM oauth_consents WHERE user_id = ?'),
    db.prepare('DELETE FROM oauth_codes WHERE user_id = ? AND used_at IS NULL'),
    db.prepare("UPDATE oauth_device_codes SET status = 'denied' WHERE user_id = ? AND status = 'approved'"),
    db.prepare("UPDATE oauth_tokens SET status = 'revoked' WHERE user_id = ?"),
  ];
  return db.transaction((userId: number) => {
    for (const statement of statements) statement.run(userId);
  });
}
