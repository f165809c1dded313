// `npm run bench`: the ledger in-process, then HTTP scenarios against real server processes (SQLite
// with one node, PostgreSQL with one and three), each beside a bare Fastify route measured in the
// same run. Prints a table and writes bench/RESULTS.md.
import { writeFileSync } from "node:fs";
import { ledgerTransfers } from "./ledger-inprocess.ts";
import { postgresRows } from "./postgres.ts";
import { machineFacts, type Row, renderResults } from "./report.ts";
import { bareRoute, row, sqliteRows } from "./scenarios.ts";

const durationS = Number(process.env.BENCH_DURATION_S ?? 10);
const ledgerMs = Number(process.env.BENCH_LEDGER_MS ?? 3_000);

const rows: Row[] = [];
const single = await ledgerTransfers(1, ledgerMs);
rows.push({
  scenario: "ledger in-process, 1 transfer per commit",
  opsPerS: single.transfersPerS,
  note: `${single.commits} commits`,
});
const grouped = await ledgerTransfers(1_000, ledgerMs);
rows.push({
  scenario: "ledger in-process, group commit (1,000 concurrent)",
  opsPerS: grouped.transfersPerS,
  note: `${(grouped.transfers / grouped.commits).toFixed(0)} transfers per commit`,
});
const bare = await bareRoute(durationS);
rows.push(row("bare Fastify route (ceiling)", bare));
rows.push(...(await sqliteRows(durationS, bare.rps)));
rows.push(...(await postgresRows(durationS, bare.rps)));

const markdown = renderResults(rows, machineFacts(), durationS);
console.log(markdown);
writeFileSync(new URL("./RESULTS.md", import.meta.url), markdown);
