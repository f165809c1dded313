/**
 * A reference model of the ledger's rules in plain maps, for property tests: the SQL ledger must
 * agree with it after every step. It is deliberately naive (no SQL, no savepoints) so that the two
 * implementations share no code and no mistakes.
 */
export interface ModelAccount {
  asset: string;
  noOverdraft: boolean;
  debitsPosted: bigint;
  debitsPending: bigint;
  creditsPosted: bigint;
  creditsPending: bigint;
}

export interface ModelTransfer {
  kind: string;
  debit: string;
  credit: string;
  amount: bigint;
  status: "posted" | "held" | "voided" | "expired";
  timeoutAt: number | null;
}

export interface ModelSpec {
  id: string;
  kind: string;
  debit: string;
  credit: string;
  amount: bigint;
  hold?: { timeoutMs?: number };
}

export class LedgerModel {
  accounts = new Map<string, ModelAccount>();
  transfers = new Map<string, ModelTransfer>();

  open(id: string, asset: string, noOverdraft: boolean): void {
    this.accounts.set(id, { asset, noOverdraft, debitsPosted: 0n, debitsPending: 0n, creditsPosted: 0n, creditsPending: 0n });
  }

  clone(): LedgerModel {
    const copy = new LedgerModel();
    for (const [id, account] of this.accounts) copy.accounts.set(id, { ...account });
    for (const [id, transfer] of this.transfers) copy.transfers.set(id, { ...transfer });
    return copy;
  }

  /** Applies a transfer or returns the error code the ledger must answer with. */
  transfer(spec: ModelSpec, now: number): string | null {
    const existing = this.transfers.get(spec.id);
    if (existing) return sameAs(existing, spec) ? null : "transfer_exists_with_different_fields";
    if (spec.amount <= 0n) return "amount_must_be_positive";
    if (spec.debit === spec.credit) return "accounts_must_be_different";
    const debit = this.accounts.get(spec.debit);
    const credit = this.accounts.get(spec.credit);
    if (!debit || !credit) return "account_not_found";
    if (debit.asset !== credit.asset) return "assets_must_match";
    if (debit.noOverdraft && available(debit) < spec.amount) return "insufficient_funds";
    const held = spec.hold !== undefined;
    if (held) {
      debit.debitsPending += spec.amount;
      credit.creditsPending += spec.amount;
    } else {
      debit.debitsPosted += spec.amount;
      credit.creditsPosted += spec.amount;
    }
    const timeoutMs = spec.hold?.timeoutMs;
    this.transfers.set(spec.id, {
      kind: spec.kind,
      debit: spec.debit,
      credit: spec.credit,
      amount: spec.amount,
      status: held ? "held" : "posted",
      timeoutAt: timeoutMs === undefined ? null : now + timeoutMs,
    });
    return null;
  }

  /** All or nothing: on the first failure the model is left as it was. */
  transferAll(specs: readonly ModelSpec[], now: number): string | null {
    const trial = this.clone();
    for (const spec of specs) {
      const code = trial.transfer(spec, now);
      if (code !== null) return code;
    }
    this.accounts = trial.accounts;
    this.transfers = trial.transfers;
    return null;
  }

  settle(id: string, outcome: "posted" | "voided", now: number): string | null {
    const hold = this.transfers.get(id);
    if (!hold) return "held_transfer_not_found";
    if (hold.status === "held" && hold.timeoutAt !== null && hold.timeoutAt <= now) return "held_transfer_expired";
    if (hold.status === "expired") return "held_transfer_expired";
    if (hold.status !== "held") return "held_transfer_already_settled";
    this.finish(id, hold, outcome);
    return null;
  }

  /** Settles several holds as one: on the first failure the model is left as it was. */
  settleAll(ids: readonly string[], outcome: "posted" | "voided", now: number): string | null {
    const trial = this.clone();
    for (const id of ids) {
      const code = trial.settle(id, outcome, now);
      if (code !== null) return code;
    }
    this.accounts = trial.accounts;
    this.transfers = trial.transfers;
    return null;
  }

  expire(now: number): number {
    let count = 0;
    for (const [id, hold] of this.transfers) {
      if (hold.status !== "held" || hold.timeoutAt === null || hold.timeoutAt > now) continue;
      this.finish(id, hold, "expired");
      count++;
    }
    return count;
  }

  balance(id: string): { balance: bigint; held: bigint; available: bigint } {
    const account = this.accounts.get(id);
    if (!account) throw new Error(`model has no account ${id}`);
    const balance = account.creditsPosted - account.debitsPosted;
    return { balance, held: account.debitsPending, available: balance - account.debitsPending };
  }

  /** Every transfer's status, ordered by id as SQL would list them. */
  statuses(): Array<{ id: string; status: string }> {
    return [...this.transfers].map(([id, t]) => ({ id, status: t.status })).sort((x, y) => (x.id < y.id ? -1 : 1));
  }

  private finish(id: string, hold: ModelTransfer, outcome: ModelTransfer["status"]): void {
    const debit = this.accounts.get(hold.debit);
    const credit = this.accounts.get(hold.credit);
    if (!debit || !credit) throw new Error(`hold ${id} names a missing account`);
    debit.debitsPending -= hold.amount;
    credit.creditsPending -= hold.amount;
    if (outcome === "posted") {
      debit.debitsPosted += hold.amount;
      credit.creditsPosted += hold.amount;
    }
    hold.status = outcome;
  }
}

function available(account: ModelAccount): bigint {
  return account.creditsPosted - account.debitsPosted - account.debitsPending;
}

function sameAs(existing: ModelTransfer, spec: ModelSpec): boolean {
  return (
    existing.kind === spec.kind &&
    existing.debit === spec.debit &&
    existing.credit === spec.credit &&
    existing.amount === spec.amount &&
    (existing.status === "posted") === (spec.hold === undefined)
  );
}
