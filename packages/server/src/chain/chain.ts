import { type Address, createPublicClient, erc20Abi, getAddress, type Hex, http, type PublicClient } from "viem";
import { type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import type { Config } from "../config.ts";
import { ConfigError } from "../config.ts";
import { DepositKeys } from "./deposit-keys.ts";
import { decryptKeystore } from "./keystore.ts";

/** Everything the chain code needs, built once at start from the settings. */
export interface Chain {
  chainId: number;
  usdc: Address;
  confirmations: number;
  client: PublicClient;
  deposits: DepositKeys;
  /** Signs withdrawals; null when HOT_WALLET_PRIVATE_KEY is unset (deposits only). */
  hotWallet: PrivateKeyAccount | null;
  scanMaxBlocks: number;
  gasLimit: bigint;
  withdrawalFeeMicro: bigint;
  /** Where deposit scanning starts on the first start: CHAIN_START_BLOCK, or the block after the current one. */
  startBlock: bigint;
}

const USDC_DECIMALS = 6;

/**
 * Connects to the configured chain, or answers null when on-chain USDC is off. A setting that is
 * wrong or a node that cannot be reached stops the start with the setting's name.
 */
export async function openChain(config: Config): Promise<Chain | null> {
  const url = config.CHAIN_RPC_URL;
  if (url === undefined || config.CHAIN_ID === undefined || config.USDC_ADDRESS === undefined) return null;
  const deposits = keysOrStop(() => DepositKeys.fromSettings({ mnemonic: config.DEPOSIT_MNEMONIC, xpub: config.DEPOSIT_XPUB }));
  const hotWallet = openHotWallet(config);
  // No cached block number: the watcher and the withdrawal job must see the head as it is now.
  const client = createPublicClient({ cacheTime: 0, transport: http(url, { retryCount: 1, timeout: 10_000 }) });
  const usdc = getAddress(config.USDC_ADDRESS);
  await checkNode(client, config.CHAIN_ID, usdc);
  const startBlock =
    config.CHAIN_START_BLOCK === undefined ? (await client.getBlockNumber()) + 1n : BigInt(config.CHAIN_START_BLOCK);
  return {
    chainId: config.CHAIN_ID,
    usdc,
    confirmations: config.CHAIN_CONFIRMATIONS,
    client,
    deposits,
    hotWallet,
    scanMaxBlocks: config.CHAIN_SCAN_MAX_BLOCKS,
    gasLimit: BigInt(config.CHAIN_WITHDRAWAL_GAS_LIMIT),
    withdrawalFeeMicro: config.CHAIN_WITHDRAWAL_FEE,
    startBlock,
  };
}

/** The hot wallet from its key, or from a keystore file and its password; null without either. */
function openHotWallet(config: Config): PrivateKeyAccount | null {
  const { HOT_WALLET_PRIVATE_KEY: key, HOT_WALLET_KEYSTORE: keystore, HOT_WALLET_KEYSTORE_PASSWORD: password } = config;
  if (key) return keysOrStop(() => privateKeyToAccount(key as Hex), "HOT_WALLET_PRIVATE_KEY");
  if (!keystore || !password) return null;
  try {
    return privateKeyToAccount(decryptKeystore(keystore, password));
  } catch (error) {
    const reason = error instanceof Error && !(error instanceof SyntaxError) ? error.message : "not a JSON keystore";
    throw new ConfigError(`invalid configuration:\n  HOT_WALLET_KEYSTORE: ${reason}`);
  }
}

/** Runs a key parser; its message names the setting, and the secret never reaches the message. */
function keysOrStop<T>(parse: () => T, setting?: string): T {
  try {
    return parse();
  } catch (error) {
    const message = error instanceof Error && error.message.startsWith("DEPOSIT_") ? error.message : null;
    throw new ConfigError(`invalid configuration:\n  ${message ?? `${setting ?? "DEPOSIT_XPUB"}: cannot be read as a key`}`);
  }
}

async function checkNode(client: PublicClient, chainId: number, usdc: Address): Promise<void> {
  let actual: number;
  try {
    actual = await client.getChainId();
  } catch {
    throw new ConfigError("invalid configuration:\n  CHAIN_RPC_URL: no EVM node answers there");
  }
  if (actual !== chainId) {
    throw new ConfigError(
      `invalid configuration:\n  CHAIN_ID: is ${chainId}, but the node at CHAIN_RPC_URL serves chain ${actual}`,
    );
  }
  let decimals: number;
  try {
    decimals = await client.readContract({ address: usdc, abi: erc20Abi, functionName: "decimals" });
  } catch {
    throw new ConfigError("invalid configuration:\n  USDC_ADDRESS: no ERC-20 token answers at that address");
  }
  if (decimals !== USDC_DECIMALS) {
    throw new ConfigError(`invalid configuration:\n  USDC_ADDRESS: the token has ${decimals} decimals, USDC has 6`);
  }
}
