import type { SqlTx } from "@purpleflea/ledger";
import type { DepositAddress } from "@purpleflea/protocol";
import { getAddress } from "viem";
import type { Chain } from "./chain.ts";

interface AddressRow {
  address: string;
}

/**
 * The agent's deposit address, made on first ask. The index is claimed first (a counter bumped in
 * one UPDATE), then the address row; of two racing first asks the second finds the first's row
 * and its claimed index is simply never used.
 */
export async function depositAddressFor(tx: SqlTx, chain: Chain, agentId: string, now = Date.now()): Promise<DepositAddress> {
  const address = (await findAddress(tx, chain, agentId)) ?? (await createAddress(tx, chain, agentId, now));
  return { agent_id: agentId, chain_id: chain.chainId, address, usdc_address: chain.usdc, confirmations: chain.confirmations };
}

/** Addresses are stored lowercase (log topics compare that way) and shown checksummed. */
async function findAddress(tx: SqlTx, chain: Chain, agentId: string): Promise<string | undefined> {
  const row = await tx.get<AddressRow>("SELECT address FROM chain_deposit_addresses WHERE agent_id = ? AND chain_id = ?", [
    agentId,
    chain.chainId,
  ]);
  return row ? getAddress(row.address) : undefined;
}

async function createAddress(tx: SqlTx, chain: Chain, agentId: string, now: number): Promise<string> {
  const claimed = await tx.get<{ claimed: bigint }>(
    `UPDATE chain_state SET next_address_index = next_address_index + 1 WHERE chain_id = ?
     RETURNING next_address_index - 1 AS claimed`,
    [chain.chainId],
  );
  if (!claimed) throw new Error(`chain ${chain.chainId} has no state row`);
  const address = chain.deposits.address(Number(claimed.claimed));
  const inserted = await tx.get(
    `INSERT INTO chain_deposit_addresses (agent_id, chain_id, derivation_index, address, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (agent_id, chain_id) DO NOTHING RETURNING agent_id`,
    [agentId, chain.chainId, claimed.claimed, address.toLowerCase(), now],
  );
  if (inserted) return address;
  const raced = await findAddress(tx, chain, agentId);
  if (!raced) throw new Error(`deposit address of ${agentId} neither inserted nor found`);
  return raced;
}

/** Every deposit address on the chain, lowercase, with its agent. */
export async function allDepositAddresses(tx: SqlTx, chain: Chain): Promise<Map<string, string>> {
  const rows = await tx.all<{ address: string; agent_id: string }>(
    "SELECT address, agent_id FROM chain_deposit_addresses WHERE chain_id = ?",
    [chain.chainId],
  );
  return new Map(rows.map((row) => [row.address, row.agent_id]));
}

/**
 * Creates the chain's state row on the first start: deposit scanning begins at CHAIN_START_BLOCK,
 * or after the current block, since no deposit address exists before this moment.
 */
export async function openChainState(tx: SqlTx, chainId: number, startBlock: bigint): Promise<void> {
  await tx.run("INSERT INTO chain_state (chain_id, scanned_block) VALUES (?, ?) ON CONFLICT (chain_id) DO NOTHING", [
    chainId,
    startBlock - 1n,
  ]);
}
