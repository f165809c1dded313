export * from "./amount-schema.ts";
export * from "./errors.ts";
export * from "./money.ts";
export * from "./schemas-auth.ts";
export * from "./schemas-common.ts";
export * from "./schemas-faucet.ts";
export * from "./schemas-wallet.ts";
