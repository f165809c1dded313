import { z } from "zod";

const hex = (bytes: number, what: string) =>
  z.string().regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`), `must be ${what} (0x and ${bytes * 2} hex digits)`);

/**
 * The settings of on-chain USDC, all optional: without CHAIN_RPC_URL the platform stays offline.
 * Secrets (the mnemonic, the hot wallet key) are checked for shape only; messages never echo them.
 */
export const chainSettingsShape = {
  CHAIN_RPC_URL: z.url({ protocol: /^https?$/ }).optional(),
  CHAIN_ID: z.coerce.number().int().min(1).optional(),
  USDC_ADDRESS: hex(20, "an address").optional(),
  CHAIN_CONFIRMATIONS: z.coerce.number().int().min(1).max(1_000).default(12),
  DEPOSIT_MNEMONIC: z.string().min(1).optional(),
  DEPOSIT_XPUB: z
    .string()
    .regex(/^xpub[1-9A-HJ-NP-Za-km-z]{100,112}$/, "must be an extended public key (xpub…)")
    .optional(),
  HOT_WALLET_PRIVATE_KEY: hex(32, "a private key").optional(),
  HOT_WALLET_KEYSTORE: z.string().min(1).optional(),
  HOT_WALLET_KEYSTORE_PASSWORD: z.string().min(1).optional(),
  CHAIN_POLL_MS: z.coerce.number().int().min(10).default(5_000),
  CHAIN_SCAN_MAX_BLOCKS: z.coerce.number().int().min(1).max(100_000).default(2_000),
  CHAIN_START_BLOCK: z.coerce.number().int().min(0).optional(),
  CHAIN_WITHDRAWAL_GAS_LIMIT: z.coerce.number().int().min(21_000).default(100_000),
};

type Shape = z.output<z.ZodObject<typeof chainSettingsShape>>;

/** On-chain settings are all or nothing: with an RPC URL, the chain, the token and a deposit key are required. */
export function checkChainSettings(config: Shape, ctx: z.RefinementCtx): void {
  if (config.CHAIN_RPC_URL === undefined) {
    for (const name of [
      "DEPOSIT_MNEMONIC",
      "DEPOSIT_XPUB",
      "HOT_WALLET_PRIVATE_KEY",
      "HOT_WALLET_KEYSTORE",
      "USDC_ADDRESS",
    ] as const) {
      if (config[name] !== undefined) ctx.addIssue({ code: "custom", path: [name], message: "needs CHAIN_RPC_URL" });
    }
    return;
  }
  for (const name of ["CHAIN_ID", "USDC_ADDRESS"] as const) {
    if (config[name] === undefined) ctx.addIssue({ code: "custom", path: [name], message: "is required with CHAIN_RPC_URL" });
  }
  if ((config.DEPOSIT_MNEMONIC === undefined) === (config.DEPOSIT_XPUB === undefined)) {
    const message = "set exactly one of DEPOSIT_MNEMONIC and DEPOSIT_XPUB with CHAIN_RPC_URL";
    ctx.addIssue({ code: "custom", path: ["DEPOSIT_MNEMONIC"], message });
  }
  if (config.HOT_WALLET_PRIVATE_KEY !== undefined && config.HOT_WALLET_KEYSTORE !== undefined) {
    const message = "set at most one of HOT_WALLET_PRIVATE_KEY and HOT_WALLET_KEYSTORE";
    ctx.addIssue({ code: "custom", path: ["HOT_WALLET_KEYSTORE"], message });
  }
  if ((config.HOT_WALLET_KEYSTORE === undefined) !== (config.HOT_WALLET_KEYSTORE_PASSWORD === undefined)) {
    const message = "HOT_WALLET_KEYSTORE and HOT_WALLET_KEYSTORE_PASSWORD go together";
    ctx.addIssue({ code: "custom", path: ["HOT_WALLET_KEYSTORE_PASSWORD"], message });
  }
}
