export * from "./floats.ts";
export * from "./game-rules.ts";
export * from "./games.ts";
