export * from "./postgres-cluster.ts";
export * from "./test-store.ts";
