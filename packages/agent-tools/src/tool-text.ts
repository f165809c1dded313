import type { Approval, ApprovalRequired } from "@purpleflea/protocol";

export interface ToolError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * What one tool call came to. `refused` with `sent: false` was stopped before any request (bad
 * arguments); `unreachable` means no answer, so for a money-moving call the outcome is unknown.
 */
export type ToolOutcome =
  | { kind: "ok"; body: unknown }
  | { kind: "held"; approval: ApprovalRequired }
  | { kind: "refused"; error: ToolError; sent: boolean }
  | { kind: "unreachable"; message: string; moves: boolean };

/**
 * The text a model reads: the server's JSON on success, and otherwise a sentence it can act on,
 * worded as the Python package words it, so prompts carry over between the two.
 */
export function outcomeText(outcome: ToolOutcome): string {
  switch (outcome.kind) {
    case "ok":
      return JSON.stringify(outcome.body);
    case "held":
      return heldText(outcome.approval);
    case "refused":
      return refusalText(outcome.error, outcome.sent);
    case "unreachable":
      return outcome.moves
        ? `${outcome.message} It is unknown whether the request was executed: check purpleflea_get_balance before trying again.`
        : `${outcome.message} Try again later.`;
  }
}

export function refusalText(error: ToolError, sent = true): string {
  const field = error.details?.field;
  const about = typeof field === "string" ? ` (field: ${field})` : "";
  const tail = sent ? "Nothing moved." : "Nothing was sent.";
  return `Purple Flea refused the request: ${error.code}${about}: ${error.message.replace(/\.$/, "")}. ${tail}`;
}

export function heldText(held: ApprovalRequired): string {
  const id = held.approval_id;
  return (
    `APPROVAL REQUIRED (approval_id ${id}, expires ${held.expires_at}): ${held.summary}. Nothing has moved yet. ` +
    "A human or risk officer must approve it first; do not send the request again. " +
    `Tell the team you are waiting for approval ${id}, then check it with purpleflea_get_approval {"id":"${id}"}.`
  );
}

/** What an approval came to once decided: the held request's own answer, or why nothing moved. */
export function decidedText(approval: Approval): string {
  const result = approval.result;
  switch (approval.status) {
    case "executed":
      return JSON.stringify(result?.body ?? null);
    case "failed": {
      const error = (result?.body as { error?: ToolError } | undefined)?.error;
      return error ? refusalText(error) : `Approval ${approval.approval_id} was approved but the request failed. Nothing moved.`;
    }
    case "rejected":
      return `REJECTED: approval ${approval.approval_id} (${approval.summary}) was rejected${approval.note ? `: ${approval.note}` : ""}. Nothing moved.`;
    case "expired":
      return `Approval ${approval.approval_id} (${approval.summary}) expired before anyone decided. Nothing moved.`;
    case "pending":
      return `Approval ${approval.approval_id} (${approval.summary}) is still waiting for a decision. Nothing has moved yet.`;
  }
}
