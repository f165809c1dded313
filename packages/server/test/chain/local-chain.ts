import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { type Address, createTestClient, createWalletClient, erc20Abi, type Hex, http, publicActions, walletActions } from "viem";
import { english, generateMnemonic, mnemonicToAccount, type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import { testUsdcContract } from "./test-usdc.ts";

/** Anvil's well-known development mnemonic: its accounts start with 10,000 ETH each. */
const ANVIL_MNEMONIC = "test test test test test test test test test test test junk";
const ARCH: Record<string, string> = { x64: "amd64", arm64: "arm64" };

export interface LocalChain {
  url: string;
  chainId: number;
  usdc: Address;
  client: ReturnType<typeof chainClient>;
  /** A funded account (anvil's first) that deploys the token and mints. */
  funder: PrivateKeyAccount;
  /** The platform's hot wallet key: an anvil account, so it has ETH for gas, and no USDC until minted. */
  hotWalletKey: Hex;
  hotWallet: Address;
  /** A fresh mnemonic for deposit addresses, so they start empty. */
  depositMnemonic: string;
  /** The settings a server needs to use this chain. */
  settings(confirmations: number): Record<string, string>;
  /** Mints and waits for the block (automine). */
  mint(to: Address, micro: bigint): Promise<Hex>;
  /** Sends a mint and returns at once: with automine off it waits in the pool for `mine`. */
  mintUnmined(to: Address, micro: bigint): Promise<Hex>;
  usdcBalance(address: Address): Promise<bigint>;
  stop(): Promise<void>;
}

function chainClient(url: string) {
  return createTestClient({ mode: "anvil", cacheTime: 0, transport: http(url) })
    .extend(publicActions)
    .extend(walletActions);
}

/** Starts anvil on a free 127.0.0.1 port and deploys the test USDC; one per test file. */
export async function startLocalChain(): Promise<LocalChain> {
  const { child, url } = await spawnAnvil();
  const client = chainClient(url);
  const funder = privateKeyToAccount(anvilKey(0));
  const hotWalletKey = anvilKey(1);
  const { abi, bytecode } = testUsdcContract();
  const wallet = createWalletClient({ account: funder, transport: http(url) }).extend(publicActions);
  const deployHash = await wallet.deployContract({ abi, bytecode, chain: null });
  const receipt = await wallet.waitForTransactionReceipt({ hash: deployHash, pollingInterval: 20 });
  if (!receipt.contractAddress) throw new Error("the test USDC did not deploy");
  const usdc = receipt.contractAddress;
  const chainId = await client.getChainId();
  const mintUnmined = (to: Address, micro: bigint) =>
    wallet.writeContract({ address: usdc, abi, functionName: "mint", args: [to, micro], chain: null });
  const mint = async (to: Address, micro: bigint) => {
    const hash = await mintUnmined(to, micro);
    await wallet.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    return hash;
  };
  const depositMnemonic = generateMnemonic(english);
  return {
    url,
    chainId,
    usdc,
    client,
    funder,
    hotWalletKey,
    hotWallet: privateKeyToAccount(hotWalletKey).address,
    depositMnemonic,
    settings: (confirmations) => ({
      CHAIN_RPC_URL: url,
      CHAIN_ID: String(chainId),
      USDC_ADDRESS: usdc,
      CHAIN_CONFIRMATIONS: String(confirmations),
      DEPOSIT_MNEMONIC: depositMnemonic,
      HOT_WALLET_PRIVATE_KEY: hotWalletKey,
      // Tests run the chain jobs themselves, one step at a time (see chain-harness.ts).
      CHAIN_POLL_MS: "3600000",
    }),
    mint,
    mintUnmined,
    usdcBalance: (address) => client.readContract({ address: usdc, abi: erc20Abi, functionName: "balanceOf", args: [address] }),
    stop: () => stopChild(child),
  };
}

/** The private key of anvil's development account `index`. */
export function anvilKey(index: number): Hex {
  const key = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: index }).getHdKey().privateKey;
  if (!key) throw new Error("no private key");
  return `0x${Buffer.from(key).toString("hex")}`;
}

function anvilBinary(): string {
  const arch = ARCH[process.arch] ?? process.arch;
  return createRequire(import.meta.url).resolve(`@foundry-rs/anvil-${process.platform}-${arch}/bin/anvil`);
}

async function spawnAnvil(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(anvilBinary(), ["--host", "127.0.0.1", "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`anvil did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening on (127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout?.removeListener("data", onData);
        child.stdout?.resume();
        resolve(`http://${match[1]}`);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`anvil exited with ${code}:\n${output}`));
    });
  });
  return { child, url };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
