import autocannon from "autocannon";

// autocannon's summary has p90 and p97.5, not p95, and cannot be combined
// across runs: every answer's time is recorded from its 'response' event
// instead, so a bench computes exact percentiles (bench/load.ts percentile)
// over one run or several.

/** Runs one autocannon instance, keeping every answer's time. */
export function timedLoad(options: autocannon.Options): Promise<{ result: autocannon.Result; ms: number[] }> {
  const ms: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve({ result, ms })));
    instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => ms.push(responseTime));
  });
}
