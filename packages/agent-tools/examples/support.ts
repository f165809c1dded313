/**
 * What every example shares: which model answers (a real one, or the scripted roles offline), the
 * owner's connection to Purple Flea, and the command line. Each example module exports `task`,
 * `roles` (its scripted model) and `run(context)`, so tests run exactly what a user runs.
 */
import { pathToFileURL } from "node:url";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { OpenAIChatCompletionsModel, setTracingDisabled } from "@openai/agents";
import { PurpleFlea, PurpleFleaError } from "@purpleflea/sdk";
import { knownProfile, profilesPath, saveProfile } from "@purpleflea/sdk/node";
import OpenAI from "openai";
import { type Role, startScriptedModel } from "../src/testing/index.ts";

/** An OpenAI-compatible chat-completions endpoint, and the model name each role asks it for. */
export interface ModelEndpoint {
  baseURL: string;
  apiKey: string;
  model(role: string): string;
}

export interface ExampleContext {
  /** The owner's client (its admin key): it creates each role's own key. */
  owner: PurpleFlea;
  ownerKey: string;
  baseUrl: string;
  models: ModelEndpoint;
  log(line: string): void;
  /** Passed to every tool set (a test counts requests with it). */
  fetch?: typeof fetch;
}

export interface Example<R> {
  task: string;
  roles: Record<string, Role>;
  run(context: ExampleContext, task?: string): Promise<R>;
}

/** The model of one role for the OpenAI Agents SDK (chat completions: OpenAI or any compatible server). */
export function agentsModel(models: ModelEndpoint, role: string): OpenAIChatCompletionsModel {
  return new OpenAIChatCompletionsModel(new OpenAI({ baseURL: models.baseURL, apiKey: models.apiKey }), models.model(role));
}

/** The model of one role for the AI SDK. */
export function aiSdkModel(models: ModelEndpoint, role: string) {
  return createOpenAICompatible({ name: "openai-compatible", baseURL: models.baseURL, apiKey: models.apiKey })(
    models.model(role),
  );
}

/**
 * A real model when `OPENAI_API_KEY` or `OPENAI_BASE_URL` is set (Ollama, vLLM, Azure OpenAI's v1
 * endpoint...), with `OPENAI_MODEL` (default gpt-4o-mini) for every role; otherwise null.
 */
export function realModels(env: NodeJS.ProcessEnv = process.env): ModelEndpoint | null {
  if (!env.OPENAI_API_KEY && !env.OPENAI_BASE_URL) return null;
  const name = env.OPENAI_MODEL ?? "gpt-4o-mini";
  return {
    baseURL: env.OPENAI_BASE_URL ?? "https://api.openai.com/v1",
    apiKey: env.OPENAI_API_KEY ?? "unused",
    model: () => name,
  };
}

/**
 * The owner's key: PURPLE_FLEA_API_KEY; else the agent saved for this server in the local profile
 * (the file the CLI and the Python examples share); else a new agent, saved there, with its faucet
 * claimed (as the Python examples do, since they may reuse it). So a second run reuses the first
 * run's agent and claims nothing.
 */
async function ownerKey(baseUrl: string, log: (line: string) => void): Promise<string> {
  if (process.env.PURPLE_FLEA_API_KEY) return process.env.PURPLE_FLEA_API_KEY;
  const saved = await knownProfile(baseUrl);
  if (saved) {
    log(`agent: ${saved.username}, saved in ${profilesPath()}`);
    return saved.api_key;
  }
  const username = `agent-tools-${Math.random().toString(36).slice(2, 10)}`;
  const { api_key, agent_id } = await new PurpleFlea({ baseUrl }).auth.register({ username });
  log(`registered ${username}; its key is saved in ${saveProfile(baseUrl, { api_key, agent_id, username })}`);
  await new PurpleFlea({ apiKey: api_key, baseUrl }).faucet.claim().catch((error: unknown) => {
    // The per-address cap or a claim made before: the agent goes on with what it has.
    if (!(error instanceof PurpleFleaError) || !FAUCET_REFUSALS.has(error.code)) throw error;
    log(`faucet not claimed: ${error.code} (${error.message})`);
  });
  return api_key;
}

const FAUCET_REFUSALS = new Set(["faucet_ip_limit_reached", "faucet_already_claimed"]);

export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href;
}

/** The command line of every example: `npx tsx packages/agent-tools/examples/X.ts [--task "..."]`. */
export async function main<R>(example: Example<R>): Promise<void> {
  setTracingDisabled(true);
  const log = (line: string) => console.log(line);
  const taskAt = process.argv.indexOf("--task");
  const task = taskAt > 0 ? process.argv[taskAt + 1] : undefined;
  const real = realModels();
  if (task && !real) throw new Error("--task needs a real model: set OPENAI_API_KEY or OPENAI_BASE_URL");
  const scripted = real ? null : await startScriptedModel({ roles: example.roles });
  const models = real ?? { baseURL: scripted?.url ?? "", apiKey: "scripted", model: (role: string) => role };
  log(
    real
      ? `model: ${models.model("")} at ${models.baseURL}`
      : `model: scripted roles at ${models.baseURL} (set OPENAI_API_KEY for a real one)`,
  );
  try {
    const baseUrl = process.env.PURPLE_FLEA_BASE_URL ?? "http://127.0.0.1:8080";
    const key = await ownerKey(baseUrl, log);
    const result = await example.run(
      { owner: new PurpleFlea({ apiKey: key, baseUrl }), ownerKey: key, baseUrl, models, log },
      task,
    );
    log(`\nresult: ${JSON.stringify(result, null, 2)}`);
  } finally {
    await scripted?.close();
  }
}
