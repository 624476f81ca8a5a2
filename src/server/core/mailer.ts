import type { InboxMail } from '../../common/api';
import type { LabDatabase } from '../db/open';
import type { LabClock } from './clock';

const LINK = /\bhttps?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)]/g;

/** The lab's outgoing mail: nothing leaves the machine; every mail lands in the lab inbox. */
export class LabMailer {
  constructor(
    private readonly db: LabDatabase,
    private readonly clock: LabClock,
  ) {}

  send(mail: { to: string; subject: string; text: string }): InboxMail {
    const links = mail.text.match(LINK) ?? [];
    const at = this.clock.nowMs();
    const result = this.db
      .prepare('INSERT INTO inbox (to_addr, subject, text, links, at) VALUES (?, ?, ?, ?, ?)')
      .run(mail.to, mail.subject, mail.text, JSON.stringify(links), at);
    return { id: Number(result.lastInsertRowid), ...mail, links, at: new Date(at).toISOString() };
  }

  list(): InboxMail[] {
    const rows = this.db.prepare('SELECT * FROM inbox ORDER BY id DESC').all() as Array<{
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
      text: r.text,
      links: JSON.parse(r.links) as string[],
      at: new Date(r.at).toISOString(),
    }));
  }

  clear(): void {
    this.db.prepare('DELETE FROM inbox').run();
  }
}
