"use client";

import { useEffect } from "react";
import { useRouter } from "@/i18n/navigation";

/**
 * Keeps the desk live: the server renders it afresh every minute while the
 * tab is visible (not a page reload: the scroll and the filters stay). The
 * text, which says when it was rendered, comes with each render.
 */
export function DeskRefresh({ text }: { text: string }) {
  const router = useRouter();
  useEffect(() => {
    const id = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, 60_000);
    return () => clearInterval(id);
  }, [router]);
  return (
    <p className="muted" data-testid="desk-refresh" aria-live="off">
      {text}
    </p>
  );
}
