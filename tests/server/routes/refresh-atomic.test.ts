import { describe, expect, it } from 'vitest';
import { useTestLab } from '../helpers';
import { login, refresh, refreshCookieOf } from '../helpers/jwt';

const h = useTestLab({ listen: true, resetBeforeEach: true });

describe('refresh rotation is one transaction', () => {
  it('a failure while inserting the child leaves the token unspent, so the retry is not taken for reuse', async () => {
    const session = await login(h);
    const db = h.lab.context.db;
    // Stands in for a crash between spending the token and storing its child.
    db.exec(`CREATE TEMP TRIGGER crash_before_child BEFORE INSERT ON jwt_refresh_tokens
             WHEN NEW.parent_jti IS NOT NULL BEGIN SELECT RAISE(ABORT, 'simulated crash'); END`);
    try {
      expect((await refresh(h, session.refreshCookie)).status).toBe(500);
    } finally {
      db.exec('DROP TRIGGER crash_before_child');
    }
    const spent = db.prepare("SELECT COUNT(*) AS n FROM jwt_refresh_tokens WHERE status = 'rotated'").get();
    expect(spent).toEqual({ n: 0 });

    const retry = await refresh(h, session.refreshCookie);
    expect(retry.status).toBe(200);
    expect(refreshCookieOf(retry.headers)).toBeDefined();
    expect(db.prepare('SELECT COUNT(*) AS n FROM jwt_refresh_families WHERE revoked_at IS NOT NULL').get()).toEqual({
      n: 0,
    });
  });
});
