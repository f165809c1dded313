import { parseArgs } from "node:util";
import { type Store, StoreOpenError } from "@purpleflea/ledger";
import { hashApiKey } from "../agents/api-keys.ts";
import { ConfigError, loadConfig } from "../config.ts";
import { isoTime, isoTimeOrNull } from "../iso-time.ts";
import { openMigratedStore } from "../migrations.ts";
import { createOperatorKey, generateOperatorKey, listOperatorKeys, revokeOperatorKey } from "../operator/operator-keys.ts";
import { renderHuman } from "./table.ts";

export const OPERATOR_KEY_HELP = `purpleflea operator create-key [--name NAME] [--data-dir DIR] [--quiet]
                                                            make an operator key in the database and print it once
  purpleflea operator list-keys [--data-dir DIR]          operator keys (never their secrets)
  purpleflea operator revoke-key <id> [--data-dir DIR]    revoke one at once
  purpleflea operator env-key                             print a new key and its OPERATOR_KEY_SHA256 line; stores nothing`;

/** Commands that work on the database directly (no server, no key needed): how the first operator key is made. */
export const OPERATOR_KEY_COMMANDS: Record<string, (args: readonly string[]) => Promise<number>> = {
  "create-key": createKey,
  "list-keys": listKeys,
  "revoke-key": revokeKey,
  "env-key": envKey,
};

const DB_OPTIONS = { "data-dir": { type: "string" }, help: { type: "boolean" } } as const;

/**
 * Opens the same database `purpleflea serve` uses (DATABASE_URL, else DATA_DIR or --data-dir); a
 * running server may keep it open.
 */
async function withStore<T>(dataDir: string | undefined, fn: (store: Store) => Promise<T>): Promise<T> {
  const config = loadConfig({ ...process.env, ...(dataDir ? { DATA_DIR: dataDir } : {}) });
  const store = await openMigratedStore(config);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function guarded(run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof StoreOpenError)) throw error;
    console.error(error.message);
    return 2;
  }
}

async function createKey(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { ...DB_OPTIONS, name: { type: "string" }, quiet: { type: "boolean" } },
  });
  if (values.help) return help();
  return guarded(async () => {
    const name = values.name ?? "operator";
    const { id, key } = await withStore(values["data-dir"], (store) => store.write((tx) => createOperatorKey(tx, name)));
    if (values.quiet) console.log(key);
    else {
      console.log(`Operator key ${id} (${name}), shown this once; the server keeps only its hash:\n\n  ${key}\n`);
      console.log("Sign in with it at the server's address (http://127.0.0.1:8080/ by default), or pass it as --api-key.");
    }
    return 0;
  });
}

async function listKeys(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { ...DB_OPTIONS, json: { type: "boolean" } } });
  if (values.help) return help();
  return guarded(async () => {
    const rows = await withStore(values["data-dir"], (store) => store.read((tx) => listOperatorKeys(tx)));
    const keys = rows.map((row) => ({
      key_id: row.id,
      name: row.name,
      prefix: row.prefix,
      created_at: isoTime(row.created_at),
      revoked_at: isoTimeOrNull(row.revoked_at),
    }));
    console.log(values.json ? JSON.stringify({ keys }) : renderHuman({ keys }));
    return 0;
  });
}

async function revokeKey(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: DB_OPTIONS, allowPositionals: true });
  if (values.help || positionals.length !== 1) return help(values.help ? 0 : 2);
  const id = positionals[0] as string;
  return guarded(async () => {
    const revoked = await withStore(values["data-dir"], (store) => store.write((tx) => revokeOperatorKey(tx, id)));
    console.log(revoked ? `revoked ${id}` : `no live operator key ${id}`);
    return revoked ? 0 : 1;
  });
}

async function envKey(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { help: { type: "boolean" } } });
  if (values.help) return help();
  const key = generateOperatorKey();
  console.log(
    `Operator key (keep it secret; give the server only the hash):\n\n  ${key}\n\nOPERATOR_KEY_SHA256=${hashApiKey(key)}`,
  );
  return 0;
}

function help(code = 0): number {
  console.log(`  ${OPERATOR_KEY_HELP}`);
  return code;
}
