import { serve } from "./serve.ts";
import { verify } from "./verify.ts";

export const HELP = `purpleflea: financial infrastructure for AI agents

Usage:
  purpleflea serve [--port N] [--host H] [--data-dir DIR]   start the API server (default 127.0.0.1:8080, ./data)
  purpleflea verify --server-seed HEX --client-seed S --nonce N --game G --prediction P
                    [--amount USDC] [--edge-bps 50] [--server-seed-hash HEX] [--json]
                                                            recompute a casino bet offline, no server needed
  purpleflea help                                           show this help

Settings come from the environment (PORT, HOST, DATA_DIR, FAUCET_AMOUNT, ...); see the README.`;

const commands: Record<string, (args: readonly string[]) => Promise<number>> = { serve, verify };

/** Returns the exit code, or -1 while a server keeps the process alive. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command = "help", ...rest] = argv;
  const run = commands[command];
  if (run) return run(rest);
  console.log(HELP);
  return command === "help" || command === "--help" || command === "-h" ? 0 : 2;
}
