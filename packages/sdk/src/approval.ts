import type { ApprovalRequired } from "@purpleflea/protocol";

/**
 * Thrown by typed calls when the server held the request for approval (HTTP 202) instead of
 * executing it, so a held request can never be read as an executed one. Nothing has moved: wait
 * for `pf.approvals.get({ id: approvalId })` to show the outcome; do not resend the request.
 */
export class ApprovalRequiredError extends Error {
  readonly approvalId: string;
  readonly expiresAt: string;
  readonly summary: string;

  constructor(body: ApprovalRequired) {
    super(`approval required: ${body.summary} (approval ${body.approval_id}, expires ${body.expires_at})`);
    this.name = "ApprovalRequiredError";
    this.approvalId = body.approval_id;
    this.expiresAt = body.expires_at;
    this.summary = body.summary;
  }
}
