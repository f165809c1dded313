import type { TestAgent, TestServer } from "./harness.ts";

/** Creates a further key for an agent through the API, as an owner would for a team role. */
export async function createKey(
  server: TestServer,
  owner: TestAgent,
  name: string,
  scopes: string[],
  policy?: Record<string, unknown>,
) {
  const response = await server.call<{ api_key: string; key_id: string }>("/api/v1/keys", {
    key: owner.apiKey,
    body: { name, scopes, ...(policy ? { policy } : {}) },
  });
  if (response.status !== 201) throw new Error(`key creation failed: ${JSON.stringify(response.body)}`);
  return { key: response.body.api_key, id: response.body.key_id };
}

export type ErrorBody = { error?: { code: string; details?: Record<string, unknown> } };
