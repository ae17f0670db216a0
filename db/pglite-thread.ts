import { Worker } from "node:worker_threads";

// PGlite in a thread of its own (db/pglite-worker.mjs), behind the part of
// PGlite's interface that Drizzle's driver uses: query, exec, transaction.
// PGlite has one session, so a transaction holds it: queries from outside
// the transaction wait for it to end, as they would inside PGlite.

type Result = { rows: unknown[]; fields: { name: string; dataTypeID: number }[]; affectedRows?: number };
type QueryOptions = { rowMode?: "array" | "object"; parsers?: unknown };
type Session = {
  query: (sql: string, params?: unknown[], options?: QueryOptions) => Promise<Result>;
  exec: (sql: string) => Promise<Result[]>;
};
type Transaction = Session & { rollback: () => Promise<void>; closed: boolean };

export class PgliteThread implements Session {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private nextId = 1;
  /** The end of whatever holds the session now (a query or a transaction). */
  private held: Promise<void> = Promise.resolve();
  private stopped: Error | undefined;
  /** Told when the thread dies once the database is open (before that, open() throws). */
  private onCrash: ((error: Error) => void) | undefined;

  private constructor(options: { dataDir?: string; loadDataDir?: Uint8Array }) {
    const transfer = options.loadDataDir ? [options.loadDataDir.buffer as ArrayBuffer] : [];
    this.worker = new Worker(new URL("./pglite-worker.mjs", import.meta.url), { workerData: options, transferList: transfer });
    this.worker.on("message", (m: { id: number; ok: boolean; result?: unknown; error?: Record<string, unknown> }) => {
      const waiting = this.pending.get(m.id);
      if (!waiting) return;
      this.pending.delete(m.id);
      if (m.ok) waiting.resolve(m.result);
      else waiting.reject(Object.assign(new Error(String(m.error?.message ?? "database error")), m.error));
    });
    const fail = (error: Error) => {
      if (this.stopped) return;
      this.stopped = error;
      for (const w of this.pending.values()) w.reject(error);
      this.pending.clear();
      this.onCrash?.(error);
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`the embedded database's thread exited (code ${code})`)));
  }

  /** Starts the thread and waits until its database is open. */
  static async open(options: { dataDir?: string; loadDataDir?: Uint8Array }, onCrash: (error: Error) => void): Promise<PgliteThread> {
    const thread = new PgliteThread(options);
    try {
      await thread.send({ op: "ready" });
      thread.onCrash = onCrash;
    } catch (error) {
      // Never opened: the caller hears of it; nothing crashed.
      thread.stopped = error instanceof Error ? error : new Error(String(error));
      await thread.worker.terminate();
      throw error;
    }
    return thread;
  }

  private send<T>(message: Record<string, unknown>): Promise<T> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      try {
        this.worker.postMessage({ ...message, id });
      } catch (error) {
        // A parameter that cannot be copied to the thread: this query fails, nothing else.
        this.pending.delete(id);
        reject(error);
      }
    });
  }

  /** Runs `use` with the session to itself. */
  private async exclusive<T>(use: () => Promise<T>): Promise<T> {
    const before = this.held;
    let release!: () => void;
    this.held = new Promise((r) => (release = r));
    await before;
    try {
      return await use();
    } finally {
      release();
    }
  }

  private rawQuery(sql: string, params?: unknown[], options?: QueryOptions): Promise<Result> {
    // Drizzle's parsers only keep dates and times as text; the thread applies the same.
    return this.send({ op: "query", sql, params, options: { rowMode: options?.rowMode, textDates: options?.parsers !== undefined } });
  }

  query(sql: string, params?: unknown[], options?: QueryOptions): Promise<Result> {
    return this.exclusive(() => this.rawQuery(sql, params, options));
  }

  exec(sql: string): Promise<Result[]> {
    return this.exclusive(() => this.send({ op: "exec", sql }));
  }

  transaction<T>(body: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      await this.rawQuery("BEGIN");
      // Used after its end, it would run inside whatever holds the session next: refused, as PGlite does.
      const open = () => {
        if (tx.closed) throw new Error("Transaction is closed");
      };
      const tx: Transaction = {
        query: async (sql, params, options) => (open(), this.rawQuery(sql, params, options)),
        exec: async (sql) => (open(), this.send({ op: "exec", sql })),
        rollback: async () => {
          tx.closed = true;
          await this.rawQuery("ROLLBACK");
        },
        closed: false,
      };
      try {
        const result = await body(tx);
        if (!tx.closed) await this.rawQuery("COMMIT");
        tx.closed = true;
        return result;
      } catch (error) {
        if (!tx.closed) await this.rawQuery("ROLLBACK").catch(() => {});
        tx.closed = true;
        throw error;
      }
    });
  }

  /** The data folder as a gzipped tarball (PGlite's dumpDataDir). */
  async dumpDataDir(): Promise<Blob> {
    const bytes = await this.exclusive(() => this.send<Uint8Array<ArrayBuffer>>({ op: "dump" }));
    return new Blob([bytes]);
  }

  async close(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.exclusive(() => this.send({ op: "close" }));
    } finally {
      this.stopped = new Error("the embedded database is closed");
      await this.worker.terminate();
    }
  }
}
