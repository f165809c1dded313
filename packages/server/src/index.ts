export { buildApp } from "./app.ts";
export { type Config, ConfigError, loadConfig } from "./config.ts";
export { openPlatform, type Platform } from "./platform.ts";
export { type RunningServer, startServer } from "./server.ts";
