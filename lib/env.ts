import { z } from "zod";

// The one place that reads process.env. Everything else asks env().
const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  TRUST_PROXY: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  DISPLAY_TIME_ZONE: z.string().min(1).default("Asia/Karachi"),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  // An optional tile server for the map (e.g. https://tile.example.org/{z}/{x}/{y}.png)
  // and the credit its licence asks for. Without one the map draws the
  // province and district outlines shipped in public/geo/ and needs no network.
  MAP_TILE_URL: z
    .string()
    .regex(/^(https?:\/\/|\/)\S*\{z\}\S*$/, "must be an http(s) or /path URL template containing {z}, {x} and {y}")
    .optional(),
  MAP_TILE_ATTRIBUTION: z.string().max(300).optional(),
  // Abuse rules (docs/privacy-and-limits.md, lib/abuse/limits.ts). The hard
  // limits answer 429; the counting rules keep the report but do not count it.
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_PER_DAY: z.coerce.number().int().min(1).default(5000),
  DUPLICATE_WINDOW_MINUTES: z.coerce.number().int().min(0).max(1440).default(30),
  FLOOD_CAP_PER_HOUR: z.coerce.number().int().min(1).default(6),
  FLOOD_CAP_PER_SERVICE_HOUR: z.coerce.number().int().min(1).default(3),
  // Reads of the API (GET /api/v1/…) a client without a token may make a
  // minute on each instance (server/read-limit.ts); an ISP's token gets its
  // tier's figure (lib/isp-desk/tiers.ts). 0 turns the limit off.
  READ_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  // PostgreSQL only: a query that has not answered in this time fails (and
  // the request gets a 503) instead of hanging while the server is unreachable.
  DB_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).default(8000),
  // Incident detection (lib/detection/detection-config.ts has the defaults and
  // why; docs/incidents.md). Unset: the measured defaults.
  DETECTION_WINDOW_MINUTES: z.coerce.number().int().min(5).max(120).multipleOf(5).optional(),
  DETECTION_MIN_COUNT: z.coerce.number().int().min(1).max(10_000).optional(),
  DETECTION_BAND_SCALE: z.coerce.number().min(0.5).max(10).optional(),
  DETECTION_MIN_RATIO: z.coerce.number().min(1).max(100).optional(),
  DETECTION_SUSTAIN_MINUTES: z.coerce.number().int().min(5).max(240).multipleOf(5).optional(),
  DETECTION_QUIET_MINUTES: z.coerce.number().int().min(5).max(720).multipleOf(5).optional(),
  // How often the detection job runs, in seconds.
  DETECTION_EVERY_SECONDS: z.coerce.number().int().min(10).max(3600).default(60),
  // GET /metrics (Prometheus) answers only with this bearer token; unset, it is 404.
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  // The structured log's floor: trace, debug, info, warn, error, fatal or silent.
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  // The site's own public address (https://disruption.example.org): what a
  // gateway called, for signatures that cover the URL (Twilio), and links.
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^/\s]+(\/\S*)?$/, "must be an http(s) URL")
    .transform((v) => v.replace(/\/+$/, ""))
    .optional(),
  // Reports by SMS and WhatsApp (docs/sms.md). Each gateway is off, its route
  // a 404, until its secret is given.
  TWILIO_AUTH_TOKEN: z.string().min(8).optional(),
  WHATSAPP_APP_SECRET: z.string().min(8).optional(),
  WHATSAPP_VERIFY_TOKEN: z.string().min(8).optional(),
  WHATSAPP_ACCESS_TOKEN: z.string().min(8).optional(),
  SMS_GATEWAY_SECRET: z.string().min(6).optional(),
  // Where replies go through the Android gateway: its "send message" address
  // with credentials, e.g. http://user:pass@192.168.1.20:8080/message.
  SMS_GATEWAY_SEND_URL: z.string().regex(/^https?:\/\/\S+$/, "must be an http(s) URL").optional(),
  // Measured signals (docs/signals.md): IODA and OONI need only switching on,
  // Cloudflare Radar a token. The API addresses are for a mirror or a test
  // server; the defaults are the public APIs.
  SIGNALS_IODA: z
    .enum(["0", "1"])
    .default("0")
    .transform((v) => v === "1"),
  SIGNALS_OONI: z
    .enum(["0", "1"])
    .default("0")
    .transform((v) => v === "1"),
  CLOUDFLARE_RADAR_TOKEN: z.string().min(8).optional(),
  IODA_API_URL: z.string().regex(/^https?:\/\/\S+$/, "must be an http(s) URL").optional(),
  CLOUDFLARE_API_URL: z.string().regex(/^https?:\/\/\S+$/, "must be an http(s) URL").optional(),
  OONI_API_URL: z.string().regex(/^https?:\/\/\S+$/, "must be an http(s) URL").optional(),
  // Alerts (docs/alerts.md): e-mail over SMTP (smtp://user:pass@host:587,
  // smtps://…), from this address; Web Push with these VAPID keys (generated
  // once and kept in the database when unset). WEBHOOK_ALLOW_PRIVATE=1 lets
  // webhooks go to private or loopback addresses (a test, a LAN); off, they
  // are refused.
  SMTP_URL: z.string().regex(/^smtps?:\/\/\S+$/, "must be smtp:// or smtps://").optional(),
  MAIL_FROM: z.string().min(3).optional(),
  VAPID_PUBLIC_KEY: z.string().min(20).optional(),
  VAPID_PRIVATE_KEY: z.string().min(20).optional(),
  WEBHOOK_ALLOW_PRIVATE: z
    .enum(["0", "1"])
    .default("0")
    .transform((v) => v === "1"),
  // Turns on the benchmark-only ceiling route (app/api/bench/ceiling).
  BENCH: z
    .enum(["0", "1"])
    .default("0")
    .transform((v) => v === "1"),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** Reads the environment again at the next env() (tests that change a setting). */
export function reloadEnv(): void {
  cached = undefined;
}

export function env(): Env {
  if (!cached) {
    // A setting given empty (`METRICS_TOKEN=` in an environment file) is unset.
    const given = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ""));
    const parsed = schema.safeParse(given);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
      throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
    }
    cached = parsed.data;
  }
  return cached;
}
