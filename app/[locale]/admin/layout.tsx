import type { Metadata } from "next";
import type { ReactNode } from "react";

// Nothing under /admin is for search engines or caches: the pages are also
// sent with X-Robots-Tag and Cache-Control: no-store (next.config.ts), and
// are rendered per request for the signed-in moderator.
export const metadata: Metadata = { robots: { index: false, follow: false, nocache: true } };

export default function AdminLayout({ children }: { children: ReactNode }) {
  return children;
}
