// How many reads a minute the read API allows (server/read-limit.ts). A
// reader without a token is limited by READ_RATE_LIMIT_PER_MINUTE (lib/env.ts,
// 600 by default: ten a second is more than any person or dashboard needs,
// and few enough that one client cannot take an instance's reads for
// itself). An ISP's token is allowed its tier's figure: a network operations
// centre polls many filters at once. The tier is the ISP organisation's
// (isp_orgs.tier), set on the server; an unknown value counts as standard.

export const TIERS = {
  standard: { readsPerMinute: 1_200 },
  partner: { readsPerMinute: 6_000 },
} as const;

export type Tier = keyof typeof TIERS;

/** The tiers by name, for a command's usage and its check. */
export const TIER_NAMES = Object.keys(TIERS) as Tier[];

export const isTier = (value: string): value is Tier => Object.hasOwn(TIERS, value);

export const tierOf = (value: string | null | undefined): Tier => (value && isTier(value) ? value : "standard");

export const readsPerMinute = (tier: Tier) => TIERS[tier].readsPerMinute;
