import type { PageRunEnded, PageRunLease } from '../../../common/schemas/attacks';
import type { ToggleState } from '../../../common/toggles';
import type { LabContext } from '../../core/context';
import { LabError } from '../../core/errors';
import { randomToken } from '../../crypto/random';
import type { Catalogue } from './catalogue';

interface Lease {
  toggles: ToggleState;
  timer: NodeJS.Timeout;
}

/**
 * The page's own runs of browser-only attacks ("Show me", "Check every
 * defence"): the page opens a lease before and ends it after. While one is
 * open the server counts as busy, like its own runs: attempts ignore the
 * traffic and toggle flips, and mark no progress. A page that goes away
 * without ending its lease loses it after `leaseMs`; the toggles go back to
 * what they were when it began.
 */
export class PageRuns {
  private readonly leases = new Map<string, Lease>();
  private readonly idleListeners: Array<() => void> = [];
  /** How long a lease lives without an end; a test shortens it. */
  readonly timing = { leaseMs: 60_000 };

  constructor(
    private readonly ctx: LabContext,
    private readonly catalogue: Catalogue,
    /** True while the server runs an attack itself. */
    private readonly serverBusy: () => boolean,
  ) {}

  get busy(): boolean {
    return this.leases.size > 0;
  }

  /** Called each time the last open lease has ended. */
  onIdle(listener: () => void): void {
    this.idleListeners.push(listener);
  }

  begin(id: string): PageRunLease {
    this.catalogue.find(id);
    if (this.serverBusy()) {
      throw new LabError(409, 'attack_run_busy', 'An attack run or the self-check is under way; wait for it first.', {
        id,
      });
    }
    const lease = randomToken(16);
    const timer = setTimeout(() => this.end(lease), this.timing.leaseMs);
    timer.unref();
    this.leases.set(lease, { toggles: this.ctx.toggles.all(), timer });
    return { lease, expiresInMs: this.timing.leaseMs };
  }

  /** Ends a lease: the toggles go back to what they were at its begin. False when it had ended already. */
  end(lease: string): PageRunEnded {
    const open = this.leases.get(lease);
    if (!open) return { ended: false };
    clearTimeout(open.timer);
    // Put back while still busy: the restore is no learner's toggle flip.
    if (this.ctx.db.open) this.ctx.toggles.update(open.toggles);
    this.leases.delete(lease);
    if (this.leases.size === 0) for (const listener of this.idleListeners) listener();
    return { ended: true };
  }
}
