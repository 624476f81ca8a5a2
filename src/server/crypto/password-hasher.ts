import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { servedClient } from '../core/client-address';
import { LabError } from '../core/errors';
import { normalizePassword } from './password-policy';
import { randomToken } from './random';
import { schemeOf, verifyWeakPasswordHash } from './weak-password-hash';

export const DEFAULT_BCRYPT_COST = 12;
export const MIN_BCRYPT_COST = 4;
export const MAX_BCRYPT_COST = 15;

/** The hashing workers' nice value (0 normal, 19 lowest). */
const WORKER_NICE = 10;

// The worker is plain CommonJS evaluated from a string, so it runs the same
// under tsx, vitest and the bundled Electron main without a separate file.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData.bcryptPath);
// Hashing is background work: when the CPU is short, the event loop (every
// other request) goes first. Linux keeps a nice value per thread, so this
// lowers only this worker; elsewhere it would lower the whole process.
if (process.platform === 'linux') {
  try { require('node:os').setPriority(${WORKER_NICE}); } catch {}
}
parentPort.on('message', ({ id, op, a, b }) => {
  try {
    let result;
    if (op === 'hash') result = bcrypt.hashSync(a, b);
    else if (op === 'compare') result = bcrypt.compareSync(a, b);
    else {
      // 'time': the milliseconds of one hash at cost b, measured here so queueing is not counted.
      const start = performance.now();
      bcrypt.hashSync(a, b);
      result = performance.now() - start;
    }
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

/** The cost a bcrypt hash was made with (`$2b$12$…` is 12), or null for any other scheme. */
export function bcryptCostOf(hash: string): number | null {
  const match = /^\$2[abxy]?\$(\d{2})\$/.exec(hash);
  return match ? Number(match[1]) : null;
}

/**
 * How much bcrypt work may wait, per client and in all. A client past its
 * bound is told to come back (429 busy) rather than made to wait longer, and
 * never makes anyone else wait longer either (ASVS 5.0 V2.4.1: limit how often
 * one client can use a costly function).
 */
export const HASHING_QUEUE_LIMITS = { perClient: 80, total: 400 } as const;

/** Work no request asked for (demo accounts, the dummy hash): it goes in a queue of its own, unbounded. */
const SERVER_WORK = '';

interface Job {
  id: number;
  op: 'hash' | 'compare' | 'time';
  a: string;
  b: string | number;
  resolve: (value: string | boolean | number) => void;
  reject: (error: Error) => void;
  client: string;
}

/**
 * bcrypt hashing (bcryptjs) in a small pool of worker threads. bcrypt is
 * deliberately slow pure-JS CPU work; on the event loop a burst of logins
 * would stall every other request.
 *
 * bcrypt reads only the first 72 bytes of its input. So the password is first
 * run through HMAC-SHA-256 with a per-lab pepper and base64-encoded (44 ASCII
 * characters, no NUL bytes): every byte of a long password counts, and the
 * stored hash is useless without the pepper (OWASP Password Storage Cheat
 * Sheet, "pre-hashing passwords"; SECURITY.md).
 */
export class PasswordHasher {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  /** Waiting jobs per client; the map's order is the turn order (round robin). */
  private readonly queues = new Map<string, Job[]>();
  /** Jobs waiting or running, per client: what the bound counts. */
  private readonly pending = new Map<string, number>();
  private waiting = 0;
  /** The last jobs' mean time in ms, for the Retry-After of a refusal. */
  private meanJobMs = 100;
  private readonly inFlight = new Map<Worker, Job & { startedAt: number }>();
  private nextId = 1;
  private dummyHash: Promise<string> | undefined;
  private readonly bcryptPath: string;
  private closed = false;

  constructor(
    readonly cost: number,
    private readonly pepper: string,
    size = Math.max(1, Math.min(4, availableParallelism())),
  ) {
    if (!Number.isInteger(cost) || cost < MIN_BCRYPT_COST || cost > MAX_BCRYPT_COST) {
      throw new RangeError(`bcrypt cost must be an integer from ${MIN_BCRYPT_COST} to ${MAX_BCRYPT_COST}`);
    }
    this.bcryptPath = createRequire(import.meta.url).resolve('bcryptjs');
    for (let i = 0; i < size; i++) this.spawnWorker();
  }

  private spawnWorker(): void {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bcryptPath: this.bcryptPath } });
    worker.on('message', (msg: { id: number; result?: string | boolean | number; error?: string }) =>
      this.finish(worker, msg),
    );
    // A crashed worker fails only its own job; a fresh worker takes its place.
    worker.on('error', (error) => this.replace(worker, error));
    worker.unref();
    this.workers.push(worker);
    this.idle.push(worker);
    this.pump();
  }

  /** A job left the pool (done or failed): its client may queue one more. */
  private settle(job: Job): void {
    const left = (this.pending.get(job.client) ?? 1) - 1;
    if (left > 0) this.pending.set(job.client, left);
    else this.pending.delete(job.client);
  }

  private replace(worker: Worker, error: Error): void {
    const job = this.inFlight.get(worker);
    if (job) this.settle(job);
    this.inFlight.delete(worker);
    this.workers.splice(this.workers.indexOf(worker), 1);
    const idleIndex = this.idle.indexOf(worker);
    if (idleIndex >= 0) this.idle.splice(idleIndex, 1);
    job?.reject(new Error(`password hashing failed: ${error.message}`));
    if (!this.closed) this.spawnWorker();
  }

  /** What bcrypt actually sees: a fixed-length digest of the whole normalised password. */
  preHash(password: string): string {
    return createHmac('sha256', this.pepper).update(normalizePassword(password), 'utf8').digest('base64');
  }

  hash(password: string): Promise<string> {
    return this.run('hash', this.preHash(password), this.cost) as Promise<string>;
  }

  /**
   * Checks a password against a stored hash. With no stored hash (unknown
   * user) it still spends one full bcrypt comparison against a dummy hash, so
   * response time does not reveal whether the account exists (OWASP
   * Authentication Cheat Sheet, "authentication responses").
   */
  async verify(password: string, storedHash: string | null | undefined): Promise<boolean> {
    // A password set while `password.hashing` was off is a weak SHA-256; it keeps working after the flip.
    if (storedHash && schemeOf(storedHash) === 'sha256') return verifyWeakPasswordHash(password, storedHash);
    const hash = storedHash ?? (await this.getDummyHash());
    const matches = (await this.run('compare', this.preHash(password), hash)) as boolean;
    // A hash made at a lower cost (before the lab's cost was raised) is checked far faster than the
    // dummy: the time would tell which emails have accounts. Make up the difference with one compare
    // at the current cost, until the next right password re-hashes it (ASVS 5.0 V6.3.8).
    const cost = storedHash ? bcryptCostOf(storedHash) : null;
    if (cost !== null && cost < this.cost) await this.run('compare', this.preHash(password), await this.getDummyHash());
    return Boolean(storedHash) && matches;
  }

  /** Milliseconds of one bcrypt hash at `cost` on this machine, measured in the pool (the lab's cost chart). */
  async measureCost(cost: number): Promise<number> {
    if (!Number.isInteger(cost) || cost < MIN_BCRYPT_COST || cost > MAX_BCRYPT_COST) {
      throw new RangeError(`bcrypt cost must be an integer from ${MIN_BCRYPT_COST} to ${MAX_BCRYPT_COST}`);
    }
    return (await this.run('time', this.preHash(randomToken(16)), cost)) as number;
  }

  getDummyHash(): Promise<string> {
    this.dummyHash ??= this.hash(randomToken(16));
    return this.dummyHash;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of [...this.queues.values()].flat()) job.reject(new Error('password hasher closed'));
    this.queues.clear();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /**
   * Queues one job for the client being served. Each client waits in its own
   * queue and the workers take one job from each queue in turn, so a burst
   * from one client delays another client's login by about one job per busy
   * client, not by the whole burst.
   */
  private run(op: Job['op'], a: string, b: string | number): Promise<string | boolean | number> {
    const client = servedClient.getStore() ?? SERVER_WORK;
    return new Promise((resolve, reject) => {
      const mine = this.pending.get(client) ?? 0;
      if (
        client !== SERVER_WORK &&
        (mine >= HASHING_QUEUE_LIMITS.perClient || this.waiting >= HASHING_QUEUE_LIMITS.total)
      ) {
        reject(this.busy(mine));
        return;
      }
      const job = { id: this.nextId++, op, a, b, resolve, reject, client };
      const queue = this.queues.get(client);
      if (queue) queue.push(job);
      else this.queues.set(client, [job]);
      this.pending.set(client, mine + 1);
      this.waiting++;
      this.pump();
    });
  }

  private busy(jobsAhead: number): LabError {
    const seconds = Math.max(1, Math.ceil((Math.max(1, jobsAhead) * this.meanJobMs) / this.workers.length / 1000));
    return new LabError(429, 'busy', `Too many password checks are waiting. Try again in ${seconds} seconds.`, {
      retryAfterSeconds: seconds,
    });
  }

  private pump(): void {
    while (this.idle.length && this.waiting) {
      // The client whose turn it is goes to the back of the line once served.
      const [client, queue] = this.queues.entries().next().value!;
      const job = queue.shift()!;
      this.queues.delete(client);
      if (queue.length) this.queues.set(client, queue);
      this.waiting--;
      const worker = this.idle.pop()!;
      this.inFlight.set(worker, { ...job, startedAt: performance.now() });
      worker.ref();
      worker.postMessage({ id: job.id, op: job.op, a: job.a, b: job.b });
    }
  }

  private finish(worker: Worker, msg: { id: number; result?: string | boolean | number; error?: string }): void {
    const job = this.inFlight.get(worker);
    this.inFlight.delete(worker);
    worker.unref();
    this.idle.push(worker);
    if (job) this.settle(job);
    if (job && job.id === msg.id) {
      this.meanJobMs = 0.8 * this.meanJobMs + 0.2 * (performance.now() - job.startedAt);
      if (msg.error !== undefined) job.reject(new Error(msg.error));
      else job.resolve(msg.result!);
    }
    this.pump();
  }
}
