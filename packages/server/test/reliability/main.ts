/**
 * `npm run test:reliability`: the full reliability run (3 nodes, 50 agents, 60 s by default; set
 * RELIABILITY_SECONDS and RELIABILITY_AGENTS to change it). Prints the counts; exits 1 unless
 * nothing acknowledged was lost, nothing was applied twice and the ledger sums to zero.
 */
import { runReliability } from "./run.ts";
import { reliabilityVerdict } from "./verdict.ts";

const seconds = Number(process.env.RELIABILITY_SECONDS ?? 60);
const agents = Number(process.env.RELIABILITY_AGENTS ?? 50);
const report = await runReliability({ agents, nodes: 3, durationMs: seconds * 1_000, log: (line) => console.log(`  ${line}`) });
console.log(JSON.stringify(report, null, 2));
const problems = reliabilityVerdict(report);
for (const problem of problems) console.error(`FAILED: ${problem}`);
process.exit(problems.length === 0 ? 0 : 1);
