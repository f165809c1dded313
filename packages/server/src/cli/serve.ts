import { readFileSync } from "node:fs";
import { parseArgs, parseEnv } from "node:util";
import { StoreOpenError } from "@purpleflea/ledger";
import { ConfigError, loadConfig } from "../config.ts";
import { startServer } from "../server.ts";

const SERVE_HELP = `purpleflea serve [--port N] [--host H] [--data-dir DIR] [--env-file FILE]

Starts the API server: on the embedded SQLite database in DATA_DIR, or on PostgreSQL when
DATABASE_URL=postgres://… is set (several nodes may share one). Flags override PORT, HOST and
DATA_DIR; every other setting comes from the environment (see the README's configuration table)
and, with --env-file, from a file of NAME=value lines (.env.example lists them all), where the
environment does not set them.`;

export async function serve(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "data-dir": { type: "string" },
      "env-file": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(SERVE_HELP);
    return 0;
  }
  const env: Record<string, string | undefined> = { ...envFile(values["env-file"]), ...process.env };
  if (values.port) env.PORT = values.port;
  if (values.host) env.HOST = values.host;
  if (values["data-dir"]) env.DATA_DIR = values["data-dir"];
  let config: ReturnType<typeof loadConfig>;
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    config = loadConfig(env);
    server = await startServer(config);
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof StoreOpenError)) throw error;
    console.error(error.message);
    return 2;
  }
  console.log(`Purple Flea listening on ${server.url}`);
  console.log(`  API:   ${server.url}/api/v1   docs: ${server.url}/docs   data: ${config.DATA_DIR}`);
  console.log(
    `  Start: curl -s -X POST ${server.url}/api/v1/auth/register -H 'content-type: application/json' -d '{"username":"my-agent"}'`,
  );
  const shutdown = (signal: string) => {
    server.app.log.info({ signal }, "shutting down");
    server.stop().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
  return -1;
}

/** The settings of an env file (NAME=value lines, `#` comments); none without a file. */
function envFile(path: string | undefined): Record<string, string | undefined> {
  return path === undefined ? {} : parseEnv(readFileSync(path, "utf8"));
}
