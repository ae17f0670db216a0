// Everything a benchmark or system test starts — app servers, PostgreSQL
// clusters, databases, temporary folders — registers how to undo it here, and
// `runScript` undoes it all, newest first, however the script ends: success,
// a failed check, a thrown error, Ctrl-C, SIGTERM or its own time limit.

type Task = { name: string; undo: () => Promise<unknown> | unknown };
const tasks: Task[] = [];
let ending = false;

/** True once the script is ending (cleanup under way): loops should stop. */
export const interrupted = () => ending;

/** Registers an undo step; returns a function that runs it now and forgets it. */
export function onCleanup(name: string, undo: Task["undo"]): () => Promise<void> {
  const task = { name, undo };
  tasks.push(task);
  return async () => {
    const i = tasks.indexOf(task);
    if (i < 0) return;
    tasks.splice(i, 1);
    await undo();
  };
}

async function cleanUp(): Promise<void> {
  while (tasks.length > 0) {
    const task = tasks.pop()!;
    try {
      await Promise.race([task.undo(), new Promise((_, reject) => setTimeout(() => reject(new Error("took over 30 s")), 30_000).unref())]);
    } catch (error) {
      console.error(`cleanup: ${task.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/**
 * Runs a script's main function within a time limit. Exit code: main's own
 * (0 pass, 1 a failed check), 1 on an error, 2 past the time limit, 130 on
 * Ctrl-C — always after cleaning up.
 */
export function runScript(main: () => Promise<number>, limitMs: number): void {
  const started = Date.now();
  let exiting = false;
  const exit = async (code: number, why?: string) => {
    if (exiting) return;
    exiting = true;
    ending = true;
    if (why) console.error(`\n${why}: cleaning up…`);
    await cleanUp();
    console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
    process.exit(code);
  };
  process.on("SIGINT", () => void exit(130, "interrupted"));
  process.on("SIGTERM", () => void exit(143, "terminated"));
  setTimeout(() => void exit(2, `over the time limit of ${Math.round(limitMs / 1000)} s`), limitMs).unref();
  main().then(
    (code) => exit(code),
    (error: unknown) => {
      console.error(error);
      return exit(1);
    },
  );
}

/** Prints a check's outcome and remembers failures. */
export class Verdict {
  private failures: string[] = [];

  check(ok: boolean, what: string): boolean {
    console.log(`${ok ? "  ok  " : "  FAIL"}  ${what}`);
    if (!ok) this.failures.push(what);
    return ok;
  }

  get passed(): boolean {
    return this.failures.length === 0;
  }

  /** Prints PASS or FAIL with what failed; returns the exit code. */
  finish(): number {
    if (this.passed) console.log("\nPASS");
    else console.log(`\nFAIL (${this.failures.length}):\n${this.failures.map((f) => `  - ${f}`).join("\n")}`);
    return this.passed ? 0 : 1;
  }
}
