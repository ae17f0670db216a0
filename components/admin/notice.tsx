import type { ReactNode } from "react";

/** What the last action did (or why it could not), announced to screen readers. */
export function Notice({ tone, children }: { tone: "done" | "problem"; children: ReactNode }) {
  return (
    <div className={`notice notice-${tone}`} role={tone === "problem" ? "alert" : "status"} data-testid="admin-notice">
      {children}
    </div>
  );
}
