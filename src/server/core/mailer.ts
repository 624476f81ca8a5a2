import type { InboxMail } from '../../common/api';
import { isoTime } from '../../common/schemas/common';
import type { Vault } from '../crypto/vault';
import type { LabDatabase } from '../db/open';
import type { LabClock } from './clock';

const LINK = /\bhttps?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)]/g;

/** The lab's outgoing mail: nothing leaves the machine; every mail lands in the lab inbox. */
export class LabMailer {
  private readonly statements;

  constructor(
    db: LabDatabase,
    private readonly clock: LabClock,
    private readonly vault: Vault,
  ) {
    this.statements = {
      insert: db.prepare('INSERT INTO inbox (to_addr, subject, text, links, at) VALUES (?, ?, ?, ?, ?)'),
      list: db.prepare('SELECT * FROM inbox ORDER BY id DESC'),
      clear: db.prepare('DELETE FROM inbox'),
      forgetMailTo: db.prepare('DELETE FROM inbox WHERE to_addr = ?'),
    };
  }

  send(mail: { to: string; subject: string; text: string }): InboxMail {
    const links = mail.text.match(LINK) ?? [];
    const at = this.clock.nowMs();
    // A mail's text and links carry live reset links: sealed, so a copy of the database opens no account.
    const result = this.statements.insert.run(
      mail.to,
      mail.subject,
      this.vault.seal(mail.text),
      this.vault.seal(JSON.stringify(links)),
      at,
    );
    return { id: Number(result.lastInsertRowid), ...mail, links, at: isoTime(at) };
  }

  list(): InboxMail[] {
    const rows = this.statements.list.all() as Array<{
      id: number;
      to_addr: string;
      subject: string;
      text: string;
      links: string;
      at: number;
    }>;
    return rows.map((r) => ({
      id: r.id,
      to: r.to_addr,
      subject: r.subject,
      text: this.vault.open(r.text),
      links: JSON.parse(this.vault.open(r.links)) as string[],
      at: isoTime(r.at),
    }));
  }

  clear(): void {
    this.statements.clear.run();
  }

  /** Drops every mail sent to one address (an account an attack run made and removed). */
  forgetMailTo(address: string): void {
    this.statements.forgetMailTo.run(address);
  }
}
