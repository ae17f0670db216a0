import { LRUCache } from "lru-cache";

// A viral outage sends thousands of readers to the same few views while
// reports pour in. Each aggregate is computed at most once per FRESH_MS per
// app instance, and concurrent readers of a missing entry share one query.
// Nothing here is needed for correctness, so several instances each keeping
// their own copy is fine: every copy is at most FRESH_MS old.
export const FRESH_MS = 10_000;

type Loader = () => Promise<unknown>;
type Cache = LRUCache<string, { value: unknown }, Loader>;

// One cache per database, so two databases in one process (tests) never share answers.
const KEY = Symbol.for("disruption-watch.read-cache");
type WithCaches = typeof globalThis & { [KEY]?: WeakMap<object, Cache> };

function cacheFor(scope: object): Cache {
  const g = globalThis as WithCaches;
  g[KEY] ??= new WeakMap();
  let cache = g[KEY].get(scope);
  if (!cache) {
    cache = new LRUCache<string, { value: unknown }, Loader>({
      max: 2000,
      ttl: FRESH_MS,
      fetchMethod: async (_key, _stale, { context }) => ({ value: await context() }),
    });
    g[KEY].set(scope, cache);
  }
  return cache;
}

export async function readThrough<T>(scope: object, key: string, load: () => Promise<T>): Promise<T> {
  const entry = await cacheFor(scope).fetch(key, { context: load });
  return entry!.value as T;
}

/** A stable key for a query and its arguments (dates as ISO strings). */
export function cacheKey(name: string, ...args: unknown[]): string {
  return `${name}:${JSON.stringify(args)}`;
}
