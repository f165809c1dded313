export * from "./accounts.ts";
export * from "./holds.ts";
export * from "./ids.ts";
export * from "./invariants.ts";
export * from "./schema.ts";
export * from "./sqlite-store.ts";
export * from "./store.ts";
export * from "./transfers.ts";
