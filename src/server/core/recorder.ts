import { EventEmitter } from 'node:events';
import type { TrafficEntry, TrafficMeaning } from '../../common/api';
import type { LabDatabase } from '../db/open';
import type { LabClock } from './clock';

/** The recorder keeps the newest exchanges only; older rows are pruned. */
const MAX_ROWS = 2000;
/**
 * Exchanges waiting for the write past MAX_ROWS are dropped in steps of this
 * many: a flood keeps about MAX_ROWS exchanges alive, not twice as many.
 */
const TRIM_STEP = 256;

export type NewTrafficEntry = Omit<TrafficEntry, 'id' | 'at' | 'meanings'> & { at?: string };

/** Says in words what an exchange did, for the traffic view. */
export function describeExchange(
  entry: Pick<TrafficEntry, 'status' | 'responseHeaders' | 'responseBody'>,
): TrafficMeaning[] {
  const meanings: TrafficMeaning[] = [];
  const setCookie = entry.responseHeaders['set-cookie'] ?? '';
  if (setCookie) {
    meanings.push(/(max-age=0|expires=thu, 01 jan 1970)/i.test(setCookie) ? 'cookie_cleared' : 'cookie_set');
  }
  if (entry.status < 300 && /"(access_token|accessToken|id_token)"/.test(entry.responseBody ?? ''))
    meanings.push('token_issued');
  if (entry.status === 401) meanings.push('unauthenticated');
  else if (entry.status === 403) meanings.push('forbidden');
  else if (entry.status === 429) meanings.push('rate_limited');
  else if (entry.status >= 500) meanings.push('server_error');
  else if (entry.status >= 400) meanings.push('client_error');
  return meanings;
}

interface RawTraffic {
  id: number;
  at: number;
  origin: TrafficEntry['origin'];
  method: string;
  url: string;
  status: number;
  duration_ms: number;
  request_headers: string;
  response_headers: string;
  request_body: string | null;
  response_body: string | null;
  meanings: string;
}

/** Buffered exchanges are written this often... */
const WRITE_EVERY_MS = 1000;
/**
 * ...or this often while a flood lasts (the last write had as many exchanges as
 * the table keeps): each write stores the newest MAX_ROWS and prunes the rows
 * of the write before, so after each write the table holds what it would have
 * held anyway, and the flood pays for a quarter of the rows. Live listeners
 * still get every exchange at once, and list() and close() write first.
 */
const FLOOD_WRITE_EVERY_MS = 4000;
/**
 * ...in steps of at most this many rows, one transaction each, so no single
 * step holds up the event loop for long: under a flood, 200-row steps took
 * up to 20 ms (a WAL checkpoint lands in one of them), 50-row steps ~10 ms.
 */
const ROWS_PER_STEP = 50;
/** Exchanges waiting hold their bodies: past this many bytes they are written at once, whatever the clock says. */
const MAX_HELD_BYTES = 16 * 1024 * 1024;

/** An exchange waiting to be written: its entry is built on first need (a live listener, or the write). */
interface Buffered {
  id: number;
  atMs: number;
  /** Roughly what the exchange holds in memory until it is written. */
  bytes: number;
  build?: () => NewTrafficEntry | null;
  /** null: the builder gave nothing to record. */
  entry?: TrafficEntry | null;
}

/** The newest MAX_ROWS of a run of exchanges: the table would prune the rest as soon as they arrived. */
const newest = (items: Buffered[]) => (items.length > MAX_ROWS ? items.slice(-MAX_ROWS) : items);

/**
 * Captures every exchange on every origin into SQLite and streams it to live
 * listeners. A listener gets each exchange at once. Rows are not written one
 * insert per request: the recorder buffers them and writes them once a
 * second, ROWS_PER_STEP rows per transaction. As the table keeps only the
 * newest MAX_ROWS, a flood (a benchmark, a brute-force runner) writes at
 * most MAX_ROWS rows every FLOOD_WRITE_EVERY_MS, and an exchange nobody watches is masked and
 * serialised only if its row is kept. Everything buffered is written before
 * the table is read (list) and on close, so a clean shutdown loses nothing.
 */
export class TrafficRecorder {
  private readonly events = new EventEmitter();
  private readonly writeRows: (rows: Buffered[]) => void;
  /** Recorded since the last write started. */
  private buffered: Buffered[] = [];
  /** Taken by the write in progress, written ROWS_PER_STEP at a time. */
  private writing: Buffered[] = [];
  private writeTimer: NodeJS.Timeout | undefined;
  private nextStep: NodeJS.Immediate | undefined;
  /** Ids are handed out here, so a live listener has the id before the row is written. */
  private lastId: number;
  /** Bytes held by `buffered` and `writing` together. */
  private heldBytes = 0;
  /** The last write had more exchanges than the table keeps. */
  private flooded = false;

  constructor(
    private readonly db: LabDatabase,
    private readonly clock: LabClock,
  ) {
    this.events.setMaxListeners(100);
    const insert = db.prepare(
      `INSERT INTO traffic (id, at, origin, method, url, status, duration_ms, request_headers, response_headers,
                            request_body, response_body, meanings)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const prune = db.prepare('DELETE FROM traffic WHERE id <= ?');
    this.writeRows = db.transaction((rows: Buffered[]) => {
      for (const row of rows) {
        const e = this.entryOf(row);
        if (!e) continue;
        insert.run(
          e.id,
          row.atMs,
          e.origin,
          e.method,
          e.url,
          e.status,
          e.durationMs,
          JSON.stringify(e.requestHeaders),
          JSON.stringify(e.responseHeaders),
          e.requestBody,
          e.responseBody,
          JSON.stringify(e.meanings),
        );
      }
      prune.run(rows.at(-1)!.id - MAX_ROWS);
    });
    this.lastId = this.highestIdEverUsed();
  }

  /** Ids never go back, even after a clear, so a reconnecting stream's Last-Event-ID stays meaningful. */
  private highestIdEverUsed(): number {
    const { maxId } = this.db.prepare('SELECT COALESCE(MAX(id), 0) AS maxId FROM traffic').get() as { maxId: number };
    const hasSequence = this.db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").get();
    const seq = hasSequence
      ? ((
          this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'traffic'").get() as { seq: number } | undefined
        )?.seq ?? 0)
      : 0;
    return Math.max(maxId, seq);
  }

  /** Records an exchange and returns its entry. */
  record(input: NewTrafficEntry): TrafficEntry {
    const bytes = 1024 + (input.requestBody?.length ?? 0) + (input.responseBody?.length ?? 0);
    return this.entryOf(this.add(() => input, bytes, input.at === undefined ? undefined : Date.parse(input.at)))!;
  }

  /**
   * Records an exchange whose entry (masking, header copies) is built only
   * when needed: at once for a live listener, else when its row is written.
   * A builder that cannot build the entry returns null (and says why itself).
   * `bytes` is roughly what the builder holds on to (its bodies).
   */
  recordLater(build: () => NewTrafficEntry | null, bytes: number): void {
    this.add(build, bytes);
  }

  private add(build: () => NewTrafficEntry | null, bytes: number, atMs = this.clock.nowMs()): Buffered {
    const item: Buffered = { id: ++this.lastId, atMs, bytes, build };
    this.buffered.push(item);
    this.heldBytes += bytes;
    if (this.buffered.length >= MAX_ROWS + TRIM_STEP) {
      this.buffered = newest(this.buffered);
      this.recountHeldBytes();
    }
    if (this.events.listenerCount('entry') > 0) {
      const entry = this.entryOf(item);
      if (entry) this.events.emit('entry', entry);
    }
    // A flood of large exchanges must not pile up in memory until the next write.
    if (this.heldBytes > MAX_HELD_BYTES) this.flush();
    else
      this.writeTimer ??= setTimeout(
        () => this.startWrite(),
        this.flooded ? FLOOD_WRITE_EVERY_MS : WRITE_EVERY_MS,
      ).unref();
    return item;
  }

  private recountHeldBytes(): void {
    this.heldBytes = 0;
    for (const item of this.writing) this.heldBytes += item.bytes;
    for (const item of this.buffered) this.heldBytes += item.bytes;
  }

  private entryOf(item: Buffered): TrafficEntry | null {
    if (item.entry === undefined) {
      const input = item.build!();
      item.entry = input && {
        ...input,
        id: item.id,
        at: input.at ?? new Date(item.atMs).toISOString(),
        meanings: describeExchange(input),
      };
      item.build = undefined;
    }
    return item.entry;
  }

  private startWrite(): void {
    this.writeTimer = undefined;
    this.flooded = this.writing.length + this.buffered.length >= MAX_ROWS;
    this.writing = newest([...this.writing, ...this.buffered]);
    this.buffered = [];
    this.recountHeldBytes();
    this.writeStep();
  }

  private writeStep(): void {
    this.nextStep = undefined;
    // A database closed without close() here (a test's throwaway context) has nowhere to write.
    if (!this.db.open) {
      this.writing = [];
      return;
    }
    const rows = this.writing.splice(0, ROWS_PER_STEP);
    if (rows.length) this.writeRows(rows);
    for (const row of rows) this.heldBytes -= row.bytes;
    if (this.writing.length) this.nextStep = setImmediate(() => this.writeStep());
  }

  /** Writes everything buffered now, in one transaction. */
  flush(): void {
    clearTimeout(this.writeTimer);
    clearImmediate(this.nextStep);
    this.writeTimer = this.nextStep = undefined;
    const rows = newest([...this.writing, ...this.buffered]);
    this.writing = [];
    this.buffered = [];
    this.heldBytes = 0;
    if (rows.length && this.db.open) this.writeRows(rows);
  }

  /** Writes what is buffered; call before closing the database. */
  close(): void {
    this.flush();
  }

  /** Newest last; `afterId` lets a reconnecting stream catch up without gaps. */
  list(options: { afterId?: number; limit?: number } = {}): TrafficEntry[] {
    this.flush();
    const limit = Math.min(Math.max(options.limit ?? 500, 1), MAX_ROWS);
    const rows = this.db
      .prepare('SELECT * FROM (SELECT * FROM traffic WHERE id > ? ORDER BY id DESC LIMIT ?) ORDER BY id')
      .all(options.afterId ?? 0, limit) as RawTraffic[];
    return rows.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      origin: r.origin,
      method: r.method,
      url: r.url,
      status: r.status,
      durationMs: r.duration_ms,
      requestHeaders: JSON.parse(r.request_headers) as Record<string, string>,
      responseHeaders: JSON.parse(r.response_headers) as Record<string, string>,
      requestBody: r.request_body,
      responseBody: r.response_body,
      meanings: JSON.parse(r.meanings) as TrafficMeaning[],
    }));
  }

  clear(): void {
    clearTimeout(this.writeTimer);
    clearImmediate(this.nextStep);
    this.writeTimer = this.nextStep = undefined;
    this.writing = [];
    this.buffered = [];
    this.heldBytes = 0;
    this.db.prepare('DELETE FROM traffic').run();
    this.events.emit('cleared');
  }

  /** Subscribes to new entries; returns the unsubscribe function. */
  subscribe(onEntry: (entry: TrafficEntry) => void, onCleared?: () => void): () => void {
    this.events.on('entry', onEntry);
    if (onCleared) this.events.on('cleared', onCleared);
    return () => {
      this.events.off('entry', onEntry);
      if (onCleared) this.events.off('cleared', onCleared);
    };
  }
}
