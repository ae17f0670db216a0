import { incidentMatches } from "@/lib/alerts/follows";
import type { Scope } from "@/lib/detection/scopes";

/**
 * Whether an incident touches a provider's network: one of its scopes names
 * the provider, or it names no provider at all (a nationwide WhatsApp
 * failure reaches every network's users). The same rule as an alert that
 * follows the provider (lib/alerts/follows.ts), so a desk, its webhooks and
 * its right of reply agree on which incidents are the ISP's.
 */
export function touchesIsp(scopes: readonly Pick<Scope, "kind" | "key">[], isp: string): boolean {
  return incidentMatches({ services: [], isps: [isp], areas: [] }, scopes);
}
