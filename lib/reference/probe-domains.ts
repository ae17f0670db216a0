import { SERVICES, findService } from "@/lib/reference";

// Which domains the report form tries to reach, and which a report's probes
// may name: only the services' own domains from the reference list, so a
// report cannot carry arbitrary text in this field.

const KNOWN = new Set(SERVICES.flatMap((s) => s.domains));

export const isProbeDomain = (domain: string) => KNOWN.has(domain);

/** The domain tried for a service: its first, the site people open. */
export const probeDomainOf = (slug: string): string | undefined => findService(slug)?.domains[0];

/**
 * Two sites tried beside the chosen service, so "WhatsApp did not answer but
 * Google did" can be told from "nothing answers".
 */
export const REFERENCE_PROBES: string[] = ["google-search", "wikipedia"].flatMap((slug) => probeDomainOf(slug) ?? []);
