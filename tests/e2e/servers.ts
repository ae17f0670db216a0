// The end-to-end run starts one production server per Playwright worker, each
// on its own PGlite folder and port (playwright.config.ts). A worker talks
// only to its own server, so what one test counts is never moved by a test
// running beside it on the other worker.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
// One by default: on two cores the machine is the limit (the whole run took
// 12.8 min with two workers, 12.6 with one); more where there are more cores.
export const E2E_WORKERS = Math.max(1, Number(process.env.E2E_WORKERS ?? 1));

export const serverPort = (parallelIndex: number) => E2E_PORT + parallelIndex;
export const serverDataDir = (parallelIndex: number) => `.e2e-data/${parallelIndex}`;
