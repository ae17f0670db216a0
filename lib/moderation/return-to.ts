// Where a moderation form sends the moderator back to: the list they acted
// from (its tab, its page, their search), with a notice of what was done.
// The forms carry it as a hidden field; it is rebuilt here from an
// allow-list of paths and parameters, so a forged one can only ever lead to
// an admin page of this site (no open redirect).

const PATHS = ["/admin", "/admin/reports"] as const;
export type AdminPath = (typeof PATHS)[number];
const KEYS = ["state", "cursor", "id", "window", "fromLocal", "toLocal", "area", "isp", "service", "status"] as const;

export type Notice = { notice: string; report?: number };
export type AdminHref = { pathname: AdminPath; query: Record<string, string> };

export function returnHref(raw: unknown, notice: Notice, fallback: AdminPath = "/admin"): AdminHref {
  let pathname: AdminPath = fallback;
  const query: Record<string, string> = {};
  if (typeof raw === "string" && raw.startsWith("/") && !raw.startsWith("//") && raw.length <= 2000) {
    const url = new URL(raw, "http://admin.invalid");
    const path = url.pathname.replace(/\/+$/, "") as AdminPath;
    if (url.origin === "http://admin.invalid" && PATHS.includes(path)) {
      pathname = path;
      for (const key of KEYS) {
        const value = url.searchParams.get(key);
        if (value && value.length <= 200) query[key] = value;
      }
    }
  }
  query.notice = notice.notice;
  if (notice.report !== undefined) query.report = String(notice.report);
  return { pathname, query };
}

/** The current admin page as a return-to value (what the forms carry). */
export function currentHref(pathname: AdminPath, params: Record<string, string | string[] | undefined>): string {
  const query = new URLSearchParams();
  for (const key of KEYS) {
    const v = params[key];
    const value = Array.isArray(v) ? v[0] : v;
    if (value) query.set(key, value);
  }
  const text = query.toString();
  return text ? `${pathname}?${text}` : pathname;
}
