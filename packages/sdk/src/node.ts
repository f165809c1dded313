import { DEFAULT_BASE_URL, type PurpleFleaOptions } from "./client.ts";
import { loadProfile } from "./profiles.ts";

export { knownProfile, loadProfile, type Profile, profilesPath, saveProfile } from "./profiles.ts";

/**
 * Node-only helpers (also Bun and Deno, which have `process.env`), apart from the SDK's root so that
 * the root runs wherever `fetch` does, browsers included.
 */

/**
 * The options with the key and the server root taken from PURPLE_FLEA_API_KEY and
 * PURPLE_FLEA_BASE_URL where the options leave them out: `new PurpleFlea(fromEnvironment())`.
 */
export function fromEnvironment(
  options: PurpleFleaOptions = {},
  env: Record<string, string | undefined> = process.env,
): PurpleFleaOptions {
  return {
    ...options,
    apiKey: options.apiKey ?? env.PURPLE_FLEA_API_KEY,
    baseUrl: options.baseUrl ?? env.PURPLE_FLEA_BASE_URL,
  };
}

/**
 * `fromEnvironment`, then, when neither the options nor the environment give a key, the key saved
 * in the local profile for that server (see `profiles.ts`): what the `purpleflea` CLI uses.
 */
export function fromProfile(
  options: PurpleFleaOptions = {},
  env: Record<string, string | undefined> = process.env,
): PurpleFleaOptions {
  const resolved = fromEnvironment(options, env);
  if (resolved.apiKey) return resolved;
  return { ...resolved, apiKey: loadProfile(resolved.baseUrl ?? DEFAULT_BASE_URL, env)?.api_key };
}
