import type { SignalSource } from "@/lib/signals/types";

// Each source's name and the credit its licence asks for, verbatim in every
// language (docs/signals.md): they are names and legal text, not prose to
// translate.

export const SOURCE_NAMES: Record<SignalSource, string> = { ioda: "IODA", cloudflare: "Cloudflare Radar", ooni: "OONI" };

export const ATTRIBUTION: Record<SignalSource, string> = {
  ioda: "IODA, Internet Intelligence Lab, Georgia Tech. This data is Copyright (c) 2021-2025 Georgia Tech Research Corporation. All Rights Reserved.",
  cloudflare: "Source: Cloudflare Radar (radar.cloudflare.com), CC BY-NC 4.0. Normalised by Cloudflare; values relative to the period shown.",
  ooni: "Source: OONI (ooni.org), measurements by OONI Probe volunteers; data CC BY-NC-SA 4.0.",
};
