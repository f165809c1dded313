import { getBalance, newId, type SqlTx } from "@purpleflea/ledger";
import {
  type CreatedEscrow,
  type CreateEscrowRequest,
  LIMIT_CHECK_BACK_S,
  newFunds,
  PurpleFleaError,
} from "@purpleflea/protocol";
import { requireAgent } from "../agents/agents.ts";
import { userAccountId } from "../system-accounts.ts";
import { countOpenEscrows, insertEscrow } from "./records.ts";
import type { EscrowSettings } from "./settings.ts";
import { holdEscrowFunds } from "./settlement.ts";
import { announce, toEscrow } from "./view.ts";

/**
 * Creates an escrow and locks its amount from the creator, all-or-nothing: every check runs
 * before the hold, and a refused request moves nothing. The amount leaves the creator's balance
 * (what it can spend) at once and shows as held until the escrow settles.
 */
export async function createEscrow(
  tx: SqlTx,
  creatorId: string,
  request: CreateEscrowRequest,
  settings: EscrowSettings,
  now = Date.now(),
): Promise<CreatedEscrow> {
  const counterparty = await requireAgent(tx, request.counterparty, "counterparty");
  if (counterparty.id === creatorId) {
    throw new PurpleFleaError("accounts_must_be_different", "an agent cannot escrow to itself", { field: "counterparty" });
  }
  const arbiterId = await resolveArbiter(tx, request.arbiter, [creatorId, counterparty.id]);
  const deadlineAt = deadlineFrom(request.deadline, settings, now);
  if ((await countOpenEscrows(tx, creatorId)) >= settings.maxOpenPerAgent) {
    throw new PurpleFleaError("open_escrow_limit_reached", `at most ${settings.maxOpenPerAgent} open escrows per creator`, {
      limit: settings.maxOpenPerAgent,
      retry_after_s: LIMIT_CHECK_BACK_S,
    });
  }
  const id = newId("esc");
  await holdEscrowFunds(tx, id, creatorId, request.amount, now);
  const row = await insertEscrow(
    tx,
    {
      id,
      creator_id: creatorId,
      counterparty_id: counterparty.id,
      arbiter_id: arbiterId,
      amount: request.amount,
      fee_bps: settings.feeBps,
      referral_share_bps: settings.referralShareBps,
      condition: request.condition,
      on_expiry: request.on_expiry ?? "refund",
      deadline_at: BigInt(deadlineAt),
    },
    now,
  );
  await announce(tx, row, "escrow.created", now);
  return { ...toEscrow(row, "creator"), ...newFunds(await getBalance(tx, userAccountId(creatorId, "USDC"))) };
}

async function resolveArbiter(tx: SqlTx, arbiter: string | undefined, parties: string[]): Promise<string | null> {
  if (arbiter === undefined) return null;
  const agent = await requireAgent(tx, arbiter, "arbiter");
  if (parties.includes(agent.id)) {
    throw new PurpleFleaError("arbiter_must_be_independent", "the arbiter cannot be the creator or the counterparty", {
      field: "arbiter",
    });
  }
  return agent.id;
}

/** The deadline as epoch ms: seconds from now or an absolute time, within the configured range. */
export function deadlineFrom(deadline: number | string | undefined, settings: EscrowSettings, now: number): number {
  const at =
    deadline === undefined
      ? now + settings.defaultDeadlineMs
      : typeof deadline === "number"
        ? now + deadline * 1_000
        : Date.parse(deadline);
  const min = now + settings.minDeadlineMs;
  const max = now + settings.maxDeadlineMs;
  if (!(at >= min && at <= max)) {
    throw new PurpleFleaError(
      "escrow_deadline_out_of_range",
      `deadline must be ${settings.minDeadlineMs / 1_000} s to ${settings.maxDeadlineMs / 1_000} s from now`,
      { field: "deadline", min: new Date(min).toISOString(), max: new Date(max).toISOString() },
    );
  }
  return at;
}
