import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { operations } from "@purpleflea/protocol";
import { PurpleFleaClient } from "./client.ts";

/**
 * The local profile: one saved agent per server, so that re-running the CLI or an example reuses its
 * agent instead of registering a new one (and claiming the faucet again) each time. The Python
 * package (`purpleflea_autogen.profiles`) reads and writes the same file, in the same format:
 * `{"profiles": {"http://127.0.0.1:8080": {"api_key", "agent_id", "username"}}}`.
 */
export interface Profile {
  api_key: string;
  agent_id: string;
  username: string;
}

type Env = Record<string, string | undefined>;

/** `$PURPLE_FLEA_PROFILES`, else `$XDG_CONFIG_HOME/purpleflea/profiles.json` (`~/.config/…` without it). */
export function profilesPath(env: Env = process.env): string {
  if (env.PURPLE_FLEA_PROFILES) return env.PURPLE_FLEA_PROFILES;
  return join(env.XDG_CONFIG_HOME || join(homedir(), ".config"), "purpleflea", "profiles.json");
}

/** The server's root as the file names it: no trailing slash. */
function profileKey(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, "");
}

function readAll(path: string): Record<string, Profile> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
  const document: unknown = JSON.parse(text);
  const profiles = typeof document === "object" && document !== null ? (document as { profiles?: unknown }).profiles : null;
  if (typeof profiles !== "object" || profiles === null || Array.isArray(profiles)) {
    throw new Error(`${path} is not a Purple Flea profiles file (no "profiles" object)`);
  }
  return profiles as Record<string, Profile>;
}

/** The agent saved for the server at `baseUrl` (its root, e.g. `http://127.0.0.1:8080`). */
export function loadProfile(baseUrl: string, env: Env = process.env): Profile | undefined {
  return readAll(profilesPath(env))[profileKey(baseUrl)];
}

/**
 * Saves (or replaces) the agent for `baseUrl` and returns the file's path. The file holds keys, so it
 * is readable by its owner only; it is written whole and renamed into place, so a reader never sees half.
 */
export function saveProfile(baseUrl: string, profile: Profile, env: Env = process.env): string {
  const path = profilesPath(env);
  const profiles = { ...readAll(path), [profileKey(baseUrl)]: profile };
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify({ profiles }, null, 2)}\n`, { mode: 0o600 });
  renameSync(partial, path);
  return path;
}

/**
 * The saved agent for `baseUrl` if the server still takes its key (one balance call); undefined when
 * nothing is saved or the key is refused (a server started on a fresh data directory forgets it).
 */
export async function knownProfile(baseUrl: string, env: Env = process.env): Promise<Profile | undefined> {
  const saved = loadProfile(baseUrl, env);
  if (!saved) return undefined;
  const { status, body } = await new PurpleFleaClient({ apiKey: saved.api_key, baseUrl }).send(operations.balance, {});
  if (status === 200) return saved;
  if (status === 401) return undefined;
  throw new Error(`checking the saved key for ${baseUrl} failed: ${status} ${JSON.stringify(body)}`);
}
