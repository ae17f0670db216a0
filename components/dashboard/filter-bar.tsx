"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";

type Option = { value: string; label: string };
export type FilterBarProps = {
  action: string;
  values: { window: string; area?: string; isp?: string; service?: string; connection?: string; problem?: string; groupBy?: string; fromLocal?: string; toLocal?: string };
  hidden?: Record<string, string>;
  options: {
    windows: Option[];
    areas: { label: string; options: Option[] }[];
    isps: Option[];
    services: Option[];
    connections: Option[];
    problems: Option[];
    groupBy: Option[];
  };
  show: { area?: boolean; isp?: boolean; service?: boolean; groupBy?: boolean };
  labels: Record<"window" | "area" | "isp" | "service" | "connection" | "problem" | "groupBy" | "any" | "apply" | "from" | "to" | "none" | "loading", string>;
};

/**
 * The dashboard's filters as a plain GET form: without JavaScript "Apply"
 * submits it; with JavaScript every change navigates at once. Either way the
 * URL holds the whole view.
 */
export function FilterBar({ action, values, hidden = {}, options, show, labels }: FilterBarProps) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [windowValue, setWindowValue] = useState(values.window);
  // While the next view renders, the current one dims and says so: never a blank page.
  const [pending, startTransition] = useTransition();
  const navigate = () => {
    if (!form.current) return;
    const data = new FormData(form.current);
    const q = new URLSearchParams();
    for (const [k, v] of data.entries()) if (typeof v === "string" && v !== "") q.append(k, v);
    if (q.get("window") !== "custom") {
      q.delete("fromLocal");
      q.delete("toLocal");
    } else if (!q.get("fromLocal") || !q.get("toLocal")) return; // wait for both ends
    startTransition(() => router.push(`${action}?${q.toString()}`, { scroll: false }));
  };
  const select = (name: keyof FilterBarProps["values"], label: string, opts: Option[], any = true) => (
    <label className="filter">
      <span>{label}</span>
      <select name={name} defaultValue={values[name] ?? ""} onChange={name === "window" ? (e) => { setWindowValue(e.target.value); navigate(); } : navigate}>
        {any ? <option value="">{name === "groupBy" ? labels.none : labels.any}</option> : null}
        {opts.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <form ref={form} action={action} method="get" className="filter-bar" data-pending={pending} aria-busy={pending} onSubmit={(e) => { e.preventDefault(); navigate(); }}>
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {select("window", labels.window, [...options.windows, { value: "custom", label: "…" }], false)}
      {windowValue === "custom" ? (
        <>
          <label className="filter">
            <span>{labels.from}</span>
            <input type="datetime-local" name="fromLocal" defaultValue={values.fromLocal} onChange={navigate} />
          </label>
          <label className="filter">
            <span>{labels.to}</span>
            <input type="datetime-local" name="toLocal" defaultValue={values.toLocal} onChange={navigate} />
          </label>
        </>
      ) : null}
      {show.area !== false ? (
        <label className="filter">
          <span>{labels.area}</span>
          <select name="area" defaultValue={values.area ?? ""} onChange={navigate}>
            <option value="">{labels.any}</option>
            {options.areas.map((g) => (
              <optgroup key={g.label} label={g.label}>
                {g.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
      ) : null}
      {show.isp !== false ? select("isp", labels.isp, options.isps) : null}
      {show.service !== false ? select("service", labels.service, options.services) : null}
      {select("connection", labels.connection, options.connections)}
      {select("problem", labels.problem, options.problems)}
      {show.groupBy !== false ? select("groupBy", labels.groupBy, options.groupBy) : null}
      {pending ? (
        <span className="filter-pending" role="status">
          {labels.loading}
        </span>
      ) : null}
      <noscript>
        <button type="submit" className="button">
          {labels.apply}
        </button>
      </noscript>
    </form>
  );
}
