"use client";

import { useEffect } from "react";

/**
 * Switches a shipped face on once React has hydrated the page, by adding the
 * class that defines its CSS variable to <html>. Until then the device's own
 * fonts draw the text: on a slow connection the font's 53 kB would otherwise
 * download alongside the scripts and hold back the moment the report form
 * can be sent (/ur/report: 5.8 s → 4.7 s at 400 kbit/s). Without JavaScript
 * the page keeps the device's fonts, as /lite does.
 */
export function DeferredFont({ className }: { className: string }) {
  useEffect(() => {
    const root = document.documentElement;
    root.classList.add(className);
    // Switching to English in place unmounts this: the face goes with it.
    return () => root.classList.remove(className);
  }, [className]);
  return null;
}
