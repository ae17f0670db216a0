"use client";

import { useState } from "react";

/** Copies the permalink (window pinned to absolute times); the link itself works without JavaScript. */
export function CopyLink({ href, label, copied }: { href: string; label: string; copied: string }) {
  const [done, setDone] = useState(false);
  return (
    <span className="copy-link">
      <a
        href={href}
        data-testid="permalink"
        onClick={async (e) => {
          if (!navigator.clipboard) return;
          e.preventDefault();
          await navigator.clipboard.writeText(new URL(href, window.location.href).toString());
          setDone(true);
          setTimeout(() => setDone(false), 2500);
        }}
      >
        {done ? copied : label}
      </a>
    </span>
  );
}
