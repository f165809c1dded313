import { newId, type SqlTx, type Store, transfer } from "@purpleflea/ledger";
import { money } from "@purpleflea/protocol";
import { type Address, parseAbiItem } from "viem";
import { emitEvent } from "../events/events.ts";
import { systemAccounts, userAccountId } from "../system-accounts.ts";
import type { Chain } from "./chain.ts";
import { allDepositAddresses } from "./deposit-addresses.ts";

const transferEvent = parseAbiItem("event Transfer(address indexed from, address indexed to, uint256 value)");
/** Addresses per log query (an OR over the `to` topic), so that a request stays a size nodes accept. */
const ADDRESSES_PER_QUERY = 500;
/** Block ranges per run: a long way behind, the next run goes on from where this one stopped. */
const RANGES_PER_RUN = 20;
/** The ledger's BIGINT holds at most this many micro-units; a token transfer above it cannot be USDC. */
const MAX_MICRO = 9_223_372_036_854_775_807n;

export interface ChainDeposit {
  txHash: string;
  logIndex: number;
  blockNumber: bigint;
  to: Address;
  amountMicro: bigint;
}

/**
 * Credits USDC transfers to deposit addresses once they have CHAIN_CONFIRMATIONS blocks. Only blocks
 * that deep are read, so a reorg of younger blocks credits nothing; each range is claimed (the stored
 * block moved by compare-and-set) in the same transaction as its credits, so a restart resumes after
 * the last range credited and no range is credited twice. Returns how many deposits it credited.
 * The addresses are read before the logs: an address made after that read gets its first deposit
 * in a block later than `deepest`, which was already mined, so the next run sees it.
 */
export async function scanDeposits(store: Store, chain: Chain, now = Date.now): Promise<number> {
  const head = await chain.client.getBlockNumber();
  const deepest = head - BigInt(chain.confirmations) + 1n;
  let credited = 0;
  for (let range = 0; range < RANGES_PER_RUN; range++) {
    const { scanned, addresses } = await store.read(async (tx) => ({
      scanned: await scannedBlock(tx, chain.chainId),
      addresses: await allDepositAddresses(tx, chain),
    }));
    if (scanned >= deepest) break;
    const last = min(deepest, scanned + BigInt(chain.scanMaxBlocks));
    const deposits = await transferLogs(chain, [...addresses.keys()], scanned + 1n, last);
    credited += await store.write((tx) => creditRange(tx, chain, { addresses, deposits, scanned, last }, now()));
  }
  return credited;
}

async function scannedBlock(tx: SqlTx, chainId: number): Promise<bigint> {
  const row = await tx.get<{ scanned_block: bigint }>("SELECT scanned_block FROM chain_state WHERE chain_id = ?", [chainId]);
  if (!row) throw new Error(`chain ${chainId} has no state row`);
  return row.scanned_block;
}

async function transferLogs(chain: Chain, addresses: string[], fromBlock: bigint, toBlock: bigint): Promise<ChainDeposit[]> {
  const deposits: ChainDeposit[] = [];
  for (let i = 0; i < addresses.length; i += ADDRESSES_PER_QUERY) {
    const to = addresses.slice(i, i + ADDRESSES_PER_QUERY) as Address[];
    const logs = await chain.client.getLogs({ address: chain.usdc, event: transferEvent, args: { to }, fromBlock, toBlock });
    for (const log of logs) {
      const { to: recipient, value } = log.args;
      if (recipient === undefined || value === undefined || value <= 0n || value > MAX_MICRO) continue;
      deposits.push({
        txHash: log.transactionHash,
        logIndex: log.logIndex,
        blockNumber: log.blockNumber,
        to: recipient,
        amountMicro: value,
      });
    }
  }
  return deposits;
}

interface Range {
  addresses: Map<string, string>;
  deposits: ChainDeposit[];
  scanned: bigint;
  last: bigint;
}

async function creditRange(tx: SqlTx, chain: Chain, range: Range, now: number): Promise<number> {
  const claimed = await tx.get(
    "UPDATE chain_state SET scanned_block = ? WHERE chain_id = ? AND scanned_block = ? RETURNING chain_id",
    [range.last, chain.chainId, range.scanned],
  );
  if (!claimed) return 0; // another scanner took this range
  let credited = 0;
  for (const deposit of range.deposits) {
    const agentId = range.addresses.get(deposit.to.toLowerCase());
    if (agentId !== undefined && (await creditDeposit(tx, chain, agentId, deposit, now))) credited++;
  }
  return credited;
}

/** Credits one Transfer log, keyed by (chain, transaction hash, log index): a log seen again moves nothing. */
async function creditDeposit(tx: SqlTx, chain: Chain, agentId: string, deposit: ChainDeposit, now: number): Promise<boolean> {
  const transferId = newId("dep");
  const inserted = await tx.get(
    `INSERT INTO chain_deposits (chain_id, tx_hash, log_index, agent_id, address, amount, block_number, transfer_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (chain_id, tx_hash, log_index) DO NOTHING RETURNING transfer_id`,
    [
      chain.chainId,
      deposit.txHash,
      deposit.logIndex,
      agentId,
      deposit.to.toLowerCase(),
      deposit.amountMicro,
      deposit.blockNumber,
      transferId,
      now,
    ],
  );
  if (!inserted) return false;
  await transfer(
    tx,
    {
      id: transferId,
      kind: "chain_deposit",
      debitAccountId: systemAccounts.chain,
      creditAccountId: userAccountId(agentId, "USDC"),
      amount: deposit.amountMicro,
      memo: `USDC deposit on chain ${chain.chainId}`,
      ref: deposit.txHash,
    },
    now,
  );
  await emitEvent(
    tx,
    agentId,
    "deposit.confirmed",
    {
      deposit_id: transferId,
      agent_id: agentId,
      ...money("amount", deposit.amountMicro),
      chain_id: chain.chainId,
      address: deposit.to,
      tx_hash: deposit.txHash,
      log_index: deposit.logIndex,
      block_number: Number(deposit.blockNumber),
    },
    now,
  );
  return true;
}

const min = (a: bigint, b: bigint) => (a < b ? a : b);
