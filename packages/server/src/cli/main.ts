import { type Operation, operations } from "@purpleflea/protocol";
import { ALIASES, resolveOperation, runOperation } from "./api-command.ts";
import { MCP_HELP, mcp } from "./mcp.ts";
import { OPERATOR_KEY_COMMANDS, OPERATOR_KEY_HELP } from "./operator-keys.ts";
import { verify } from "./verify.ts";

/** `serve` loads the whole server (viem included) only when asked: every other command starts faster without it. */
const serve = async (args: readonly string[]) => (await import("./serve.ts")).serve(args);

const commands: Record<string, (args: readonly string[]) => Promise<number>> = { serve, verify, mcp };

function help(): string {
  const api = (Object.values(operations) as Operation[]).map(
    (op) => `  purpleflea ${op.id.replace(".", " ").padEnd(28)} ${op.summary}`,
  );
  const aliases = Object.entries(ALIASES).map(([alias, op]) => `${alias} = ${op.id.replace(".", " ")}`);
  return `purpleflea: financial infrastructure for AI agents

Usage:
  purpleflea serve [--port N] [--host H] [--data-dir DIR]   start the API server (default 127.0.0.1:8080, ./data)
  purpleflea verify --server-seed HEX --client-seed S --nonce N --game G --prediction P
                    [--amount USDC] [--edge-bps 50] [--server-seed-hash HEX] [--json]
                                                            recompute a casino bet offline, no server needed
  ${MCP_HELP.split("\n")[0]}
                                                            serve the tools over MCP on stdio (forwards to a server)
  ${OPERATOR_KEY_HELP}
  purpleflea help                                           show this help

API calls (through the SDK; --api-key, $PURPLE_FLEA_API_KEY or the key \`purpleflea register\` saved for the server
in $PURPLE_FLEA_PROFILES or ~/.config/purpleflea/profiles.json; --base-url or $PURPLE_FLEA_BASE_URL;
tables by default, --json for JSON; \`purpleflea <command> --help\` lists each one's flags):
${api.join("\n")}
Short forms: ${aliases.join(", ")}.

Server settings come from the environment (PORT, HOST, DATA_DIR, FAUCET_AMOUNT, ...); see the README.`;
}

/** Returns the exit code, or -1 while a server keeps the process alive. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command = "help", ...rest] = argv;
  const run = commands[command];
  if (run) return run(rest);
  const operatorKeys = command === "operator" ? OPERATOR_KEY_COMMANDS[rest[0] ?? ""] : undefined;
  if (operatorKeys) return operatorKeys(rest.slice(1));
  const api = resolveOperation(argv);
  if (api) return runOperation(api.op, api.command, api.rest);
  console.log(help());
  return command === "help" || command === "--help" || command === "-h" ? 0 : 2;
}
