import { creditsByKind, type SqlTx, shardedBalance, shardIds } from "@purpleflea/ledger";
import { money } from "@purpleflea/protocol";
import { systemAccounts, type UserAsset } from "../system-accounts.ts";

interface TotalRow {
  service: string;
  asset: UserAsset;
  count: bigint;
  amount: bigint;
}

const toTotal = (row: TotalRow) => ({
  service: row.service,
  asset: row.asset,
  count: Number(row.count),
  ...money("amount", row.amount),
});

/**
 * Fees collected (every fee transfer into a fee account, named `<service>_fee`) and the referral shares
 * paid (out of the fee accounts, or the house for the casino), per service and asset. Sums over the
 * history on each call: an operator report, not a hot path.
 */
export async function feesReport(tx: SqlTx) {
  const { fees, paperFees } = systemAccounts;
  const credits = await creditsByKind(tx, [...shardIds(fees), ...shardIds(paperFees)]);
  const collected = credits.map((row) => ({ ...row, service: row.kind, asset: row.asset as UserAsset }));
  const referrals = await tx.all<TotalRow>(
    `SELECT service, asset, COUNT(*) AS count, SUM(amount) AS amount FROM referral_earnings
     GROUP BY service, asset ORDER BY service, asset`,
  );
  const balances = [
    { asset: "USDC" as const, ...money("balance", (await shardedBalance(tx, fees)).balance) },
    { asset: "PAPER_USDC" as const, ...money("balance", (await shardedBalance(tx, paperFees)).balance) },
  ];
  return {
    fees: collected.map((row) => toTotal({ ...row, service: row.service.replace(/_fee$/, "") })),
    referral_payouts: referrals.map(toTotal),
    balances,
  };
}
