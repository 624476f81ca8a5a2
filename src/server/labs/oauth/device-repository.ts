import type { LabDatabase } from '../../db/open';
import { sha256 } from './repositories';

export interface DeviceCodeRow {
  deviceCodeHash: string;
  userCode: string;
  clientId: string;
  scope: string;
  status: 'pending' | 'approved' | 'denied' | 'used';
  userId: number | null;
  authTime: number | null;
  intervalS: number;
  lastPolledAt: number | null;
  expiresAt: number;
}

export class DeviceCodeRepository {
  private readonly insertRow;
  private readonly byHash;
  private readonly byUserCode;
  private readonly decideRow;
  private readonly pollRow;
  private readonly useRow;

  constructor(db: LabDatabase) {
    this.insertRow = db.prepare(
      `INSERT INTO oauth_device_codes (device_code_hash, user_code, client_id, scope, status, interval_s, expires_at)
       VALUES (?, ?, ?, ?, 'pending', ?, ?)`,
    );
    const select = `SELECT device_code_hash AS deviceCodeHash, user_code AS userCode, client_id AS clientId, scope, status,
      user_id AS userId, auth_time AS authTime, interval_s AS intervalS, last_polled_at AS lastPolledAt, expires_at AS expiresAt
      FROM oauth_device_codes`;
    this.byHash = db.prepare(`${select} WHERE device_code_hash = ?`);
    this.byUserCode = db.prepare(`${select} WHERE user_code = ?`);
    this.decideRow = db.prepare(
      "UPDATE oauth_device_codes SET status = ?, user_id = ?, auth_time = ? WHERE user_code = ? AND status = 'pending'",
    );
    this.pollRow = db.prepare(
      'UPDATE oauth_device_codes SET last_polled_at = ?, interval_s = ? WHERE device_code_hash = ?',
    );
    this.useRow = db.prepare(
      "UPDATE oauth_device_codes SET status = 'used' WHERE device_code_hash = ? AND status = 'approved'",
    );
  }

  insert(deviceCode: string, userCode: string, clientId: string, scope: string, intervalS: number, expiresAt: number) {
    this.insertRow.run(sha256(deviceCode), userCode, clientId, scope, intervalS, expiresAt);
  }

  find(deviceCode: string): DeviceCodeRow | undefined {
    return this.byHash.get(sha256(deviceCode)) as DeviceCodeRow | undefined;
  }

  findByUserCode(userCode: string): DeviceCodeRow | undefined {
    return this.byUserCode.get(userCode) as DeviceCodeRow | undefined;
  }

  decide(userCode: string, approved: boolean, userId: number, authTime: number): boolean {
    return this.decideRow.run(approved ? 'approved' : 'denied', userId, authTime, userCode).changes === 1;
  }

  polled(deviceCodeHash: string, nowMs: number, intervalS: number): void {
    this.pollRow.run(nowMs, intervalS, deviceCodeHash);
  }

  use(deviceCodeHash: string): boolean {
    return this.useRow.run(deviceCodeHash).changes === 1;
  }
}
