import type { LabDatabase } from '../db/open';

/** The login core's short-lived rows: pending MFA tickets and failed-login counters. */
export class LoginStateRepository {
  private readonly statements;

  constructor(db: LabDatabase) {
    this.statements = {
      clearTickets: db.prepare('DELETE FROM mfa_tickets'),
      clearFailures: db.prepare('DELETE FROM login_failures'),
    };
  }

  /** Lab reset: no half-finished MFA login or lockout survives it. */
  clear(): void {
    this.statements.clearTickets.run();
    this.statements.clearFailures.run();
  }
}
