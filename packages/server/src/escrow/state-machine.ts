import { type EscrowOutcome, type EscrowRole, type EscrowStatus, PurpleFleaError } from "@purpleflea/protocol";
import { isoTime } from "../iso-time.ts";

export type EscrowAction = "complete" | "release" | "dispute" | "refund" | "resolve";

interface Transition {
  to: EscrowStatus;
  /** The states each role may take this action from; a role not listed may never take it. */
  allowed: Partial<Record<EscrowRole, readonly EscrowStatus[]>>;
}

/**
 * The whole rulebook. A party may always give up its own claim (the creator may release, the
 * counterparty may refund, even in a dispute); the creator may take the money back only until the
 * counterparty has marked the work delivered; only the arbiter settles a dispute.
 */
export const TRANSITIONS: Record<EscrowAction, Transition> = {
  complete: { to: "completed", allowed: { counterparty: ["funded"] } },
  release: { to: "released", allowed: { creator: ["funded", "completed", "disputed"] } },
  dispute: { to: "disputed", allowed: { creator: ["funded", "completed"], counterparty: ["funded", "completed"] } },
  refund: { to: "refunded", allowed: { creator: ["funded"], counterparty: ["funded", "completed", "disputed"] } },
  resolve: { to: "resolved", allowed: { arbiter: ["disputed"] } },
};

export interface EscrowParties {
  creator_id: string;
  counterparty_id: string;
  arbiter_id: string | null;
}

/** The caller's part in an escrow, or null for an outsider (who must not learn it exists). */
export function roleOf(escrow: EscrowParties, agentId: string): EscrowRole | null {
  if (escrow.creator_id === agentId) return "creator";
  if (escrow.counterparty_id === agentId) return "counterparty";
  if (escrow.arbiter_id === agentId) return "arbiter";
  return null;
}

/** What `role` may do now, straight from the rulebook: nothing once the deadline has passed (the sweeper settles). */
export function allowedActions(role: EscrowRole, status: EscrowStatus, deadlinePassed: boolean): EscrowAction[] {
  if (deadlinePassed) return [];
  return (Object.keys(TRANSITIONS) as EscrowAction[]).filter((action) => TRANSITIONS[action].allowed[role]?.includes(status));
}

export function isOpen(status: EscrowStatus): boolean {
  return status === "funded" || status === "completed" || status === "disputed";
}

/** Checks that `role` may take `action` now; returns the state it leads to or throws the rule it breaks. */
export function checkTransition(
  escrow: { id: string; status: EscrowStatus; deadline_at: bigint },
  role: EscrowRole,
  action: EscrowAction,
  now: number,
): EscrowStatus {
  const { to, allowed } = TRANSITIONS[action];
  const from = allowed[role];
  if (!from) {
    const roles = Object.keys(allowed).join(" or ");
    throw new PurpleFleaError("escrow_role_not_allowed", `only the ${roles} may ${action} this escrow; you are the ${role}`, {
      role,
      action,
    });
  }
  if (!from.includes(escrow.status)) {
    throw new PurpleFleaError("invalid_escrow_transition", `the ${role} cannot ${action} an escrow that is ${escrow.status}`, {
      escrow_id: escrow.id,
      status: escrow.status,
      action,
    });
  }
  if (escrow.deadline_at <= BigInt(now)) {
    throw new PurpleFleaError("escrow_deadline_passed", "the deadline has passed; the escrow settles as stated at creation", {
      escrow_id: escrow.id,
      deadline: isoTime(escrow.deadline_at),
    });
  }
  return to;
}

/**
 * What the deadline does to an open escrow: a funded one follows `on_expiry`; a delivered one is
 * released (the creator neither paid nor disputed the delivery in time); a disputed one nobody
 * resolved goes back to the creator, where the money came from.
 */
export function expiryOutcome(status: EscrowStatus, onExpiry: "refund" | "release"): Exclude<EscrowOutcome, "split"> {
  if (status === "completed") return "release";
  if (status === "disputed") return "refund";
  return onExpiry;
}
