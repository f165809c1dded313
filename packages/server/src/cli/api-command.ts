import { parseArgs } from "node:util";
import { type Operation, operations, PurpleFleaError } from "@purpleflea/protocol";
import { PurpleFleaClient } from "@purpleflea/sdk";
import { fromProfile } from "@purpleflea/sdk/node";
import { z } from "zod";
import { keepRegistration } from "./profile.ts";
import { renderHuman } from "./table.ts";

/** Short names for the everyday calls; every operation is also reachable as `<namespace> <method>`. */
export const ALIASES: Record<string, Operation> = {
  register: operations.register,
  balance: operations.balance,
  faucet: operations.faucetClaim,
  transfer: operations.transfer,
  "deposit-address": operations.depositAddress,
  withdraw: operations.withdraw,
  withdrawal: operations.withdrawal,
  bet: operations.bet,
  order: operations.order,
  positions: operations.positions,
  ticker: operations.ticker,
};

interface Flag {
  name: string;
  description: string;
  required: boolean;
  /** JSON numbers only (a nonce, a limit): sent as a number, not a string. */
  numeric: boolean;
}

/** Flags come from the operation's own schemas: path params, query and body fields. */
export function operationFlags(op: Operation): Flag[] {
  const flags: Flag[] = [];
  for (const schema of [op.params, op.query, op.body]) {
    const json = schema ? (z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonObject) : {};
    const variants = json.anyOf ?? [json];
    for (const variant of variants) {
      for (const [name, property] of Object.entries(variant.properties ?? {})) {
        if (flags.some((flag) => flag.name === name)) continue;
        const required = json.anyOf === undefined && (variant.required ?? []).includes(name);
        const numeric = property.type === "integer" || property.type === "number";
        flags.push({ name, description: describe(property), required, numeric });
      }
    }
  }
  return flags;
}

type JsonObject = { properties?: Record<string, JsonProperty>; required?: string[]; anyOf?: JsonObject[] };
type JsonProperty = { description?: string; enum?: unknown[]; type?: unknown };

function describe(property: JsonProperty): string {
  const choices = property.enum ? ` (${property.enum.join(" | ")})` : "";
  return `${property.description ?? String(property.type ?? "value")}${choices}`;
}

export function operationHelp(op: Operation, command: string): string {
  const flags = operationFlags(op);
  const lines = flags.map(
    (flag) => `  --${flag.name.replaceAll("_", "-").padEnd(16)} ${flag.required ? "(required) " : ""}${flag.description}`,
  );
  const auth = op.auth ? "\nNeeds --api-key KEY, $PURPLE_FLEA_API_KEY or a saved profile (purpleflea register)." : "";
  const positionals = pathParams(op).map((name) => `<${name}> `);
  return `purpleflea ${command} ${positionals.join("")}[flags] [--json] [--base-url URL]\n\n${op.summary}.${auth}\n${lines.join("\n")}`;
}

/** Path parameters, in path order, which may also be given as positional arguments. */
function pathParams(op: Operation): string[] {
  return [...op.path.matchAll(/:([a-z_]+)/g)].map((match) => match[1] ?? "");
}

/** Runs one API operation from the command line through the SDK and prints the answer. */
export async function runOperation(op: Operation, command: string, args: readonly string[]): Promise<number> {
  const flags = operationFlags(op);
  const options = Object.fromEntries(flags.map((flag) => [flag.name.replaceAll("_", "-"), { type: "string" as const }]));
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      ...options,
      json: { type: "boolean" },
      help: { type: "boolean" },
      "api-key": { type: "string" },
      "base-url": { type: "string" },
    },
  });
  if (values.help) {
    console.log(operationHelp(op, command));
    return 0;
  }
  const params = pathParams(op);
  if (positionals.length > params.length) {
    console.error(`purpleflea ${command} takes ${params.length ? params.map((p) => `<${p}>`).join(" ") : "no arguments"}`);
    return 2;
  }
  // `purpleflea approvals approve apr_123` reads better than `--id apr_123`; both work.
  const input: Record<string, unknown> = Object.fromEntries(positionals.map((value, i) => [params[i], value]));
  for (const flag of flags) {
    const value = (values as Record<string, unknown>)[flag.name.replaceAll("_", "-")];
    if (typeof value === "string") input[flag.name] = flag.numeric ? Number(value) : value;
  }
  const client = new PurpleFleaClient(fromProfile({ apiKey: values["api-key"], baseUrl: values["base-url"] }));
  if (op.stream) return printStream(client, op, input);
  const sent = await client.send(op, input);
  const { status, body } = op === operations.register ? await keepRegistration(client, input, sent) : sent;
  if (values.json) console.log(JSON.stringify(body));
  else console.log(renderHuman(status >= 400 ? (body as { error?: unknown }).error : body));
  return status >= 400 ? 1 : 0;
}

/** Finds the operation a command line names: an alias, or `<namespace> <method>`. */
export function resolveOperation(
  argv: readonly string[],
): { op: Operation; command: string; rest: readonly string[] } | undefined {
  const [first = "", second = "", ...rest] = argv;
  const alias = ALIASES[first];
  if (alias) return { op: alias, command: first, rest: argv.slice(1) };
  const op = (Object.values(operations) as Operation[]).find((candidate) => candidate.id === `${first}.${second}`);
  return op ? { op, command: `${first} ${second}`, rest } : undefined;
}

/** A live stream prints one JSON event per line until interrupted (or the key is refused). */
async function printStream(client: PurpleFleaClient, op: Operation, input: Record<string, unknown>): Promise<number> {
  const stop = new AbortController();
  process.once("SIGINT", () => stop.abort());
  try {
    for await (const { event } of client.stream(op, input, { signal: stop.signal })) console.log(JSON.stringify(event));
    return 0;
  } catch (error) {
    if (!(error instanceof PurpleFleaError)) throw error;
    console.log(renderHuman(error.toBody().error));
    return 1;
  }
}
