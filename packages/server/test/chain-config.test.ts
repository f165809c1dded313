import { fileURLToPath } from "node:url";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";
import { startServer } from "../src/server.ts";
import { createTestDatabase } from "../src/testing.ts";
import { type LocalChain, startLocalChain } from "./chain/local-chain.ts";
import { startTestServer } from "./harness.ts";

let chain: LocalChain;
beforeAll(async () => {
  chain = await startLocalChain();
});
afterAll(() => chain?.stop());

/** Starts a server with the local chain's settings changed as given; resolves with the refusal's message. */
async function refusal(changes: Record<string, string | undefined>): Promise<string> {
  const database = await createTestDatabase();
  try {
    const config = loadConfig({ PORT: "0", LOG_LEVEL: "silent", ...database.settings, ...chain.settings(1), ...changes });
    const server = await startServer(config);
    await server.stop();
    return "started";
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.message;
  } finally {
    await database.drop();
  }
}

describe("on-chain settings", () => {
  it("are off by default: the chain routes answer 422 chain_not_configured", async () => {
    const server = await startTestServer();
    try {
      const agent = await server.call<{ api_key: string }>("/api/v1/auth/register", { body: { username: "offline-agent" } });
      const response = await server.call("/api/v1/wallet/deposit-address", { key: agent.body.api_key });
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ error: { code: "chain_not_configured" } });
    } finally {
      await server.stop();
    }
  });

  it("stop the start naming the setting that is wrong, never echoing a secret", async () => {
    expect(await refusal({ CHAIN_ID: "1" })).toMatch(/CHAIN_ID: is 1, but the node at CHAIN_RPC_URL serves chain 31337/);
    expect(await refusal({ CHAIN_RPC_URL: "http://127.0.0.1:1" })).toMatch(/CHAIN_RPC_URL: no EVM node answers there/);
    expect(await refusal({ USDC_ADDRESS: chain.hotWallet })).toMatch(/USDC_ADDRESS: no ERC-20 token/);
    expect(await refusal({ DEPOSIT_MNEMONIC: "not a real mnemonic at all" })).toMatch(/DEPOSIT_MNEMONIC: must be 12 to 24 words/);
    const both = await refusal({ DEPOSIT_XPUB: `xpub${"A".repeat(107)}` });
    expect(both).toMatch(/DEPOSIT_MNEMONIC: set exactly one of DEPOSIT_MNEMONIC and DEPOSIT_XPUB/);
    const badKey = await refusal({ HOT_WALLET_PRIVATE_KEY: "0x1234" });
    expect(badKey).toMatch(/HOT_WALLET_PRIVATE_KEY: must be a private key/);
    expect(await refusal({ CHAIN_ID: undefined })).toMatch(/CHAIN_ID: is required with CHAIN_RPC_URL/);
    for (const message of [both, badKey]) {
      expect(message).not.toContain(chain.depositMnemonic);
      expect(message).not.toContain("0x1234");
    }
  });

  it("start with a valid chain", async () => {
    expect(await refusal({})).toBe("started");
  });

  it("take the hot wallet from a keystore file and its password", async () => {
    // The PBKDF2 test vector of the Web3 Secret Storage definition (password "testpassword").
    const keystore = fileURLToPath(new URL("chain/keystore-v3-pbkdf2.json", import.meta.url));
    const expected = privateKeyToAccount("0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d").address;
    const server = await startTestServer({
      ...chain.settings(1),
      HOT_WALLET_PRIVATE_KEY: "",
      HOT_WALLET_KEYSTORE: keystore,
      HOT_WALLET_KEYSTORE_PASSWORD: "testpassword",
    });
    try {
      expect(server.server.platform.chain?.hotWallet?.address).toBe(expected);
    } finally {
      await server.stop();
    }
    const wrong = { HOT_WALLET_PRIVATE_KEY: undefined, HOT_WALLET_KEYSTORE: keystore, HOT_WALLET_KEYSTORE_PASSWORD: "guess" };
    expect(await refusal(wrong)).toMatch(/HOT_WALLET_KEYSTORE: wrong password/);
    expect(await refusal({ ...wrong, HOT_WALLET_KEYSTORE_PASSWORD: undefined })).toMatch(
      /HOT_WALLET_KEYSTORE_PASSWORD: HOT_WALLET_KEYSTORE and HOT_WALLET_KEYSTORE_PASSWORD go together/,
    );
    expect(await refusal({ HOT_WALLET_KEYSTORE: keystore, HOT_WALLET_KEYSTORE_PASSWORD: "testpassword" })).toMatch(
      /set at most one of HOT_WALLET_PRIVATE_KEY and HOT_WALLET_KEYSTORE/,
    );
  });
});
