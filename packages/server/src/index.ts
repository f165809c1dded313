export { buildApp } from "./app.ts";
export { type Config, ConfigError, loadConfig } from "./config.ts";
export { openPlatform } from "./open-platform.ts";
export type { Platform } from "./platform.ts";
export { type RunningServer, startServer } from "./server.ts";
