import { registerResponseSchema } from "@purpleflea/protocol";
import type { PurpleFleaClient, RawResponse } from "@purpleflea/sdk";
import { knownProfile, saveProfile } from "@purpleflea/sdk/node";

/**
 * `purpleflea register` keeps the new agent's key in the local profile (the file the Python package
 * shares), so the next commands need no `--api-key` and a second run reuses the agent instead of
 * registering another one and claiming the faucet again.
 */
export async function keepRegistration(
  client: PurpleFleaClient,
  input: Record<string, unknown>,
  answer: RawResponse,
): Promise<RawResponse> {
  if (answer.status === 201) {
    const { api_key, agent_id, username } = registerResponseSchema.parse(answer.body);
    const path = saveProfile(client.baseUrl, { api_key, agent_id, username });
    console.error(`saved ${username}'s key in ${path}: later commands against ${client.baseUrl} use it`);
    return answer;
  }
  const taken = (answer.body as { error?: { code?: string } }).error?.code === "username_taken";
  const saved = taken ? await knownProfile(client.baseUrl) : undefined;
  if (!saved || saved.username !== input.username) return answer;
  // Running the same `register` again is not a failure: the agent it asked for exists and is ours.
  console.error(`${saved.username} is already registered here; its key is saved in the profile`);
  return { status: 200, headers: answer.headers, body: { agent_id: saved.agent_id, username: saved.username } };
}
