import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
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

interface Job {
  id: number;
  op: 'hash' | 'compare' | 'time';
  a: string;
  b: string | number;
  resolve: (value: string | boolean | number) => void;
  reject: (error: Error) => void;
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
  private readonly queue: Job[] = [];
  private readonly inFlight = new Map<Worker, Job>();
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

  private replace(worker: Worker, error: Error): void {
    const job = this.inFlight.get(worker);
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
    for (const job of this.queue.splice(0)) job.reject(new Error('password hasher closed'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private run(op: Job['op'], a: string, b: string | number): Promise<string | boolean | number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, op, a, b, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.inFlight.set(worker, job);
      worker.ref();
      worker.postMessage({ id: job.id, op: job.op, a: job.a, b: job.b });
    }
  }

  private finish(worker: Worker, msg: { id: number; result?: string | boolean | number; error?: string }): void {
    const job = this.inFlight.get(worker);
    this.inFlight.delete(worker);
    worker.unref();
    this.idle.push(worker);
    if (job && job.id === msg.id) {
      if (msg.error !== undefined) job.reject(new Error(msg.error));
      else job.resolve(msg.result!);
    }
    this.pump();
  }
}
