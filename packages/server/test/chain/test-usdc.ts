import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Abi, Hex } from "viem";

interface SolcOutput {
  errors?: Array<{ severity: string; formattedMessage: string }>;
  contracts: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
}

interface Solc {
  compile(input: string): string;
}

export interface CompiledContract {
  abi: Abi;
  bytecode: Hex;
}

const SOURCE = "TestUSDC.sol";
let compiled: CompiledContract | undefined;

/** Compiles the 6-decimal stand-in for USDC from its source in this folder with the solc npm package (once per process). */
export function testUsdcContract(): CompiledContract {
  if (compiled) return compiled;
  const solc = createRequire(import.meta.url)("solc") as Solc;
  const content = readFileSync(new URL(SOURCE, import.meta.url), "utf8");
  const input = {
    language: "Solidity",
    sources: { [SOURCE]: { content } },
    settings: { optimizer: { enabled: true, runs: 200 }, outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } } },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join("\n"));
  const contract = output.contracts[SOURCE]?.TestUSDC;
  if (!contract) throw new Error("solc produced no TestUSDC");
  compiled = { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` };
  return compiled;
}
