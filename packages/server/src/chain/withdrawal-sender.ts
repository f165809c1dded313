import type { SqlTx, Store } from "@purpleflea/ledger";
import {
  BaseError,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  keccak256,
  RpcRequestError,
  TransactionReceiptNotFoundError,
} from "viem";
import type { Chain } from "./chain.ts";
import { type Outcome, settleWithdrawal, type WithdrawalRow } from "./withdrawals.ts";

/** Withdrawals signed per run; the rest wait for the next run. */
const SENDS_PER_RUN = 20;

/**
 * The hot wallet's side of withdrawals, one node at a time (the `chain-withdrawals` job). Each
 * withdrawal is signed with the next nonce and stored with its raw transaction and hash *before*
 * it is broadcast. After a restart or a kill -9 the stored bytes are broadcast again: the same
 * nonce and signature, so at most one of them can ever be mined, and none is signed twice.
 */
export async function processWithdrawals(store: Store, chain: Chain, now = Date.now): Promise<void> {
  if (!chain.hotWallet) return;
  await trackBroadcast(store, chain, now);
  for (let i = 0; i < SENDS_PER_RUN; i++) {
    const next = await store.read((tx) =>
      tx.get<WithdrawalRow>("SELECT * FROM chain_withdrawals WHERE chain_id = ? AND status = 'queued' ORDER BY seq LIMIT 1", [
        chain.chainId,
      ]),
    );
    if (!next) return;
    await sendOne(store, chain, next, now);
  }
}

/** Confirms, fails or re-broadcasts every withdrawal that was sent. */
async function trackBroadcast(store: Store, chain: Chain, now: () => number): Promise<void> {
  const sent = await store.read((tx) =>
    tx.all<WithdrawalRow>("SELECT * FROM chain_withdrawals WHERE chain_id = ? AND status = 'broadcast' ORDER BY nonce", [
      chain.chainId,
    ]),
  );
  if (sent.length === 0) return;
  // The nonce is read before the receipts: a nonce used by then, with no receipt of ours after, was used by another transaction.
  const usedNonces = BigInt(await chain.client.getTransactionCount({ address: hotAddress(chain), blockTag: "latest" }));
  const head = await chain.client.getBlockNumber();
  for (const row of sent) {
    const outcome = await outcomeOf(chain, row, usedNonces, head);
    if (outcome) await store.write((tx) => settleWithdrawal(tx, row, outcome, now()));
  }
}

async function outcomeOf(chain: Chain, row: WithdrawalRow, usedNonces: bigint, head: bigint): Promise<Outcome | null> {
  const receipt = await receiptOf(chain, row.tx_hash as Hex);
  if (receipt) {
    if (head - receipt.blockNumber + 1n < BigInt(chain.confirmations)) return null;
    return receipt.status === "success"
      ? { status: "confirmed", blockNumber: receipt.blockNumber }
      : { status: "failed", failureCode: "transaction_reverted" };
  }
  if (row.nonce !== null && usedNonces > row.nonce) return { status: "dropped", failureCode: "transaction_dropped" };
  await broadcast(chain, row.raw_tx as Hex);
  return null;
}

/**
 * Null only when the node says it has no such receipt: any other failure (a timeout) aborts the run,
 * or a mined transfer could be taken for a dropped one and its funds given back.
 */
async function receiptOf(chain: Chain, hash: Hex) {
  try {
    return await chain.client.getTransactionReceipt({ hash });
  } catch (error) {
    if (error instanceof TransactionReceiptNotFoundError) return null;
    throw error;
  }
}

async function sendOne(store: Store, chain: Chain, row: WithdrawalRow, now: () => number): Promise<void> {
  const hot = hotAddress(chain);
  const balance = await chain.client.readContract({
    address: chain.usdc,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [hot],
    blockTag: "pending",
  });
  if (balance < row.amount) {
    await store.write((tx) =>
      settleWithdrawal(tx, row, { status: "failed", failureCode: "hot_wallet_insufficient_funds" }, now()),
    );
    return;
  }
  const chainNonce = BigInt(await chain.client.getTransactionCount({ address: hot, blockTag: "pending" }));
  const fees = await chain.client.estimateFeesPerGas();
  const signed = await store.write((tx) => signAndStore(tx, chain, row, { chainNonce, ...fees }, now()));
  if (!signed) return;
  const result = await broadcast(chain, signed.raw_tx as Hex);
  if (result !== "refused") return;
  await store.write((tx) => refuse(tx, chain, signed, now()));
}

/**
 * The node refused the transaction (no ETH for gas, a bad fee): it exists nowhere, so the
 * withdrawal fails and gives up its nonce (and the signed bytes) for the next one.
 */
async function refuse(tx: SqlTx, chain: Chain, signed: WithdrawalRow, now: number): Promise<void> {
  await tx.run("UPDATE chain_withdrawals SET nonce = NULL, raw_tx = NULL, tx_hash = NULL WHERE id = ? AND status = 'broadcast'", [
    signed.id,
  ]);
  if (!(await settleWithdrawal(tx, signed, { status: "failed", failureCode: "broadcast_rejected" }, now))) return;
  await tx.run("UPDATE chain_state SET next_nonce = ? WHERE chain_id = ? AND next_nonce = ?", [
    signed.nonce,
    chain.chainId,
    (signed.nonce ?? 0n) + 1n,
  ]);
}

interface Pricing {
  chainNonce: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

/** Takes the next nonce and stores the signed transaction, claimed from `queued`; signing itself has no side effect. */
async function signAndStore(tx: SqlTx, chain: Chain, row: WithdrawalRow, pricing: Pricing, now: number) {
  const state = await tx.get<{ next_nonce: bigint | null }>("SELECT next_nonce FROM chain_state WHERE chain_id = ?", [
    chain.chainId,
  ]);
  const stored = state?.next_nonce ?? null;
  const nonce = stored !== null && stored > pricing.chainNonce ? stored : pricing.chainNonce;
  const raw = await signTransfer(chain, row, nonce, pricing);
  const claimed = await tx.get<WithdrawalRow>(
    `UPDATE chain_withdrawals SET status = 'broadcast', nonce = ?, raw_tx = ?, tx_hash = ?, updated_at = ?
     WHERE id = ? AND status = 'queued' RETURNING *`,
    [nonce, raw, keccak256(raw), now, row.id],
  );
  if (!claimed) return null;
  const moved = await tx.get(
    "UPDATE chain_state SET next_nonce = ? WHERE chain_id = ? AND next_nonce IS NOT DISTINCT FROM ? RETURNING chain_id",
    [nonce + 1n, chain.chainId, stored],
  );
  if (!moved) throw new Error("the hot wallet's nonce moved under the withdrawal job");
  return claimed;
}

function signTransfer(chain: Chain, row: WithdrawalRow, nonce: bigint, pricing: Pricing): Promise<Hex> {
  if (!chain.hotWallet) throw new Error("no hot wallet");
  return chain.hotWallet.signTransaction({
    type: "eip1559",
    chainId: chain.chainId,
    nonce: Number(nonce),
    to: chain.usdc,
    data: encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [row.to_address as Hex, row.amount] }),
    value: 0n,
    gas: chain.gasLimit,
    maxFeePerGas: pricing.maxFeePerGas,
    maxPriorityFeePerGas: pricing.maxPriorityFeePerGas,
  });
}

/**
 * Sends stored bytes. "refused": the node answered with an error other than knowing the
 * transaction already; "unknown": no answer (it may have arrived), so the next run sends it again.
 */
async function broadcast(chain: Chain, raw: Hex): Promise<"sent" | "refused" | "unknown"> {
  try {
    await chain.client.sendRawTransaction({ serializedTransaction: raw });
    return "sent";
  } catch (error) {
    const refusal = error instanceof BaseError ? error.walk((e) => e instanceof RpcRequestError) : null;
    if (!refusal) return "unknown";
    return /already known|known transaction|nonce too low|already imported/i.test(String((refusal as Error).message))
      ? "sent"
      : "refused";
  }
}

function hotAddress(chain: Chain) {
  if (!chain.hotWallet) throw new Error("no hot wallet");
  return chain.hotWallet.address;
}
