import { cpus, totalmem } from "node:os";

export interface Row {
  scenario: string;
  opsPerS: number;
  p50Ms?: number;
  p99Ms?: number;
  /** Share of the bare route's throughput measured in the same run. */
  ofCeiling?: number;
  /** The issue's target for this row, as a share of the ceiling. */
  target?: number;
  /** CPU time per request of the API node processes, and of the database server (PostgreSQL). */
  apiCpuMs?: number;
  dbCpuMs?: number;
  /** Bytes written to disk per request, API nodes and database server together. */
  bytesWritten?: number;
  note?: string;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  date: string;
}

export function machineFacts(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model ?? "unknown",
    cores: list.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString().slice(0, 10),
  };
}

const P99_TARGET_MS = 20;

function verdict(row: Row): string {
  if (row.target === undefined || row.ofCeiling === undefined) return "";
  const fast = row.p99Ms === undefined || row.p99Ms < P99_TARGET_MS;
  const met = row.ofCeiling >= row.target && fast;
  return `${met ? "met" : "missed"} (>= ${Math.round(row.target * 100)} %, p99 < ${P99_TARGET_MS} ms)`;
}

const num = (value: number | undefined, digits = 0) =>
  value === undefined ? "" : value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function renderResults(rows: readonly Row[], machine: Machine, durationS: number): string {
  const lines = [
    "# Benchmark results",
    "",
    `Command: \`npm run bench\` (HTTP: ${durationS} s per scenario after a 2 s warm-up, 32 connections split over the`,
    "nodes, autocannon in the bench process; the bare route, each API node and PostgreSQL each in processes of their own,",
    "all on the same 2 cores; every money-moving request is answered only after its commit is on disk: SQLite's WAL",
    "fdatasync, PostgreSQL with fsync and synchronous_commit on). CPU ms and bytes per request come from /proc of the",
    "API node processes and of the PostgreSQL server. With several nodes, p50 is the request-weighted mean of the nodes'",
    "and p99 the worst node's. What bounds the figures: `docs/DECISIONS.md`, section Performance.",
    "",
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.date}.`,
    "",
    "| scenario | ops/s | p50 ms | p99 ms | of bare route | target | API CPU ms/op | DB CPU ms/op | bytes written/op | note |",
    "|---|---:|---:|---:|---:|---|---:|---:|---:|---|",
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${num(r.opsPerS)} | ${num(r.p50Ms, 1)} | ${num(r.p99Ms, 1)} | ${
          r.ofCeiling === undefined ? "" : `${num(r.ofCeiling * 100)} %`
        } | ${verdict(r)} | ${num(r.apiCpuMs, 2)} | ${num(r.dbCpuMs, 2)} | ${num(r.bytesWritten)} | ${r.note ?? ""} |`,
    ),
    "",
  ];
  return lines.join("\n");
}
