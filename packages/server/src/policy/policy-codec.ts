import type { policySchema } from "@purpleflea/protocol";
import { nullableMoney, type Policy } from "@purpleflea/protocol";
import type { z } from "zod";

const MONEY_RULES = ["max_per_transaction", "max_per_day", "approval_threshold"] as const;

/** Policies are stored as JSON with amounts as micro-unit strings (JSON has no bigint). */
export function encodePolicy(policy: Policy | null | undefined): string | null {
  if (!policy) return null;
  return JSON.stringify(policy, (_key, value) => (typeof value === "bigint" ? value.toString() : value));
}

export function decodePolicy(json: string | null): Policy | null {
  if (json === null) return null;
  const raw = JSON.parse(json) as Record<string, unknown>;
  for (const rule of MONEY_RULES) if (typeof raw[rule] === "string") raw[rule] = BigInt(raw[rule] as string);
  return raw as Policy;
}

export function policyToWire(policy: Policy | null): z.infer<typeof policySchema> | null {
  if (!policy) return null;
  return {
    ...nullableMoney("max_per_transaction", policy.max_per_transaction),
    ...nullableMoney("max_per_day", policy.max_per_day),
    max_share_of_balance_bps: policy.max_share_of_balance_bps ?? null,
    ...nullableMoney("approval_threshold", policy.approval_threshold),
    allowed_games: policy.allowed_games ?? null,
    allowed_symbols: policy.allowed_symbols ?? null,
    allowed_counterparties: policy.allowed_counterparties ?? null,
    allowed_withdrawal_addresses: policy.allowed_withdrawal_addresses ?? null,
    require_approved_proposal: policy.require_approved_proposal ?? false,
  };
}
