import { PurpleFlea } from "@purpleflea/sdk";
import { type EphemeralServer, startEphemeralServer } from "@purpleflea/server/testing";
import type { ExampleContext } from "../examples/support.ts";
import { type Role, type ScriptedModel, startScriptedModel } from "../src/testing/index.ts";

export interface Harness {
  server: EphemeralServer;
  model: ScriptedModel;
  /** A fresh agent (its owner key) and the context an example runs with. */
  context(): Promise<ExampleContext>;
  close(): Promise<void>;
}

let agents = 0;

/** A real server and a scripted model serving `roles`; each `context()` registers a fresh agent. */
export async function startHarness(roles: Record<string, Role>, settings: Record<string, string> = {}): Promise<Harness> {
  const server = await startEphemeralServer(settings);
  const model = await startScriptedModel({ roles });
  return {
    server,
    model,
    async context() {
      const username = `agent-tools-test-${process.pid}-${++agents}`;
      const { api_key } = await new PurpleFlea({ baseUrl: server.url }).auth.register({ username });
      return {
        owner: new PurpleFlea({ apiKey: api_key, baseUrl: server.url }),
        ownerKey: api_key,
        baseUrl: server.url,
        models: { baseURL: model.url, apiKey: "scripted", model: (role: string) => role },
        log: () => {},
      };
    },
    async close() {
      await model.close();
      await server.dispose();
    },
  };
}
