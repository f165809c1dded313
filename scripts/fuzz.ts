/**
 * Fuzzes the API with schemathesis (pinned in python/requirements-test.txt, run from .venv) against
 * a real server on 127.0.0.1 with a funded key, bounded by examples per operation and by time, and
 * fails unless it found 0 server errors, 0 responses outside the documented schema and 0 accepted
 * requests that violate it. `npm run test:fuzz`; FUZZ_MAX_EXAMPLES and FUZZ_MAX_TIME_S bound it.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEphemeralServer } from "../packages/server/src/testing.ts";

const CHECKS = [
  "not_a_server_error",
  "status_code_conformance",
  "content_type_conformance",
  "response_schema_conformance",
  "negative_data_rejection",
];
const SCHEMATHESIS = process.env.SCHEMATHESIS ?? join(import.meta.dirname, "..", ".venv", "bin", "schemathesis");
const maxExamples = process.env.FUZZ_MAX_EXAMPLES ?? "20";
const maxTimeS = process.env.FUZZ_MAX_TIME_S ?? "45";

async function fundedKey(url: string): Promise<string> {
  const post = (path: string, body?: unknown, key?: string) =>
    fetch(`${url}/api/v1${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(body ?? {}),
    }).then((response) => response.json() as Promise<{ api_key: string }>);
  const { api_key: key } = await post("/auth/register", { username: "fuzzer" });
  await post("/faucet/claim", undefined, key);
  return key;
}

function pythonAtLeast311(python: string): Promise<boolean> {
  return run(["-c", "import sys; sys.exit(sys.version_info < (3, 11))"], python).then((code) => code === 0);
}

function run(args: string[], command = SCHEMATHESIS, cwd = tmpdir()): Promise<number> {
  return new Promise((resolve, reject) => {
    // In a scratch folder: schemathesis keeps a .schemathesis cache where it runs.
    const child = spawn(command, args, {
      cwd,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, NO_COLOR: "1" },
    });
    child.on("error", reject);
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

interface Counts {
  operations: number;
  cases: number;
  serverErrors: number;
  schemaViolations: number;
  acceptedInvalid: number;
  otherFailures: number;
}

interface Recorder {
  label: string;
  cases?: Record<string, unknown>;
  checks?: Record<string, Array<{ name: string; status: string }>>;
}

/** The counts this script prints, from the run's NDJSON event stream (one ScenarioFinished per scenario). */
function counts(ndjson: string): Counts {
  const result: Counts = { operations: 0, cases: 0, serverErrors: 0, schemaViolations: 0, acceptedInvalid: 0, otherFailures: 0 };
  const seen = new Set<string>();
  for (const line of ndjson.split("\n")) {
    if (!line.trim()) continue;
    const event = JSON.parse(line) as Record<string, Record<string, unknown>>;
    const finished = event.ScenarioFinished;
    if (!finished || finished.status === "skip") continue;
    const recorder = finished.recorder as Recorder;
    seen.add(recorder.label);
    result.cases += Object.keys(recorder.cases ?? {}).length;
    for (const check of Object.values(recorder.checks ?? {}).flat()) {
      if (check.status !== "failure") continue;
      if (check.name === "not_a_server_error") result.serverErrors++;
      else if (check.name === "response_schema_conformance") result.schemaViolations++;
      else if (check.name === "negative_data_rejection") result.acceptedInvalid++;
      else result.otherFailures++;
    }
  }
  result.operations = seen.size;
  return result;
}

async function main(): Promise<number> {
  if (!existsSync(SCHEMATHESIS)) {
    // requirements-test.txt installs schemathesis only on Python 3.11+ (schemathesis 4 needs it).
    const python = join(SCHEMATHESIS, "..", "python");
    if (existsSync(python) && !(await pythonAtLeast311(python))) {
      console.log("fuzz: skipped: schemathesis needs Python 3.11 or newer in .venv (PYTHON=python3.11 npm run test:python)");
      return 0;
    }
    console.error(`fuzz: ${SCHEMATHESIS} is missing; run npm run test:python first (it builds .venv)`);
    return 1;
  }
  const server = await startEphemeralServer({ FAUCET_AMOUNT: "1000000" });
  // FUZZ_REPORT_DIR keeps the NDJSON event log (every case and answer) for a failure's post-mortem.
  const reports = process.env.FUZZ_REPORT_DIR ?? mkdtempSync(join(tmpdir(), "pf-fuzz-"));
  try {
    const key = await fundedKey(server.url);
    const args = [
      "--config-file",
      join(import.meta.dirname, "schemathesis.toml"),
      "run",
      `${server.url}/openapi.json`,
      "--header",
      `Authorization: Bearer ${key}`,
      "--checks",
      CHECKS.join(","),
      "--phases",
      "examples,coverage,fuzzing",
      "--max-examples",
      maxExamples,
      "--max-time",
      maxTimeS,
      "--seed",
      process.env.FUZZ_SEED ?? "14",
      "--workers",
      "1",
      "--report",
      "ndjson",
      "--report-dir",
      reports,
      "--suppress-health-check",
      "all",
    ];
    const exit = await run(args, SCHEMATHESIS, reports);
    const found = counts(readFileSync(join(reports, readdirName(reports)), "utf8"));
    console.log(
      `fuzz: ${found.operations} operations, ${found.cases} cases, ${found.serverErrors} server errors, ` +
        `${found.schemaViolations} response-schema violations, ${found.acceptedInvalid} accepted-invalid, ${found.otherFailures} other failures`,
    );
    const clean = found.serverErrors + found.schemaViolations + found.acceptedInvalid + found.otherFailures === 0;
    return exit === 0 && clean && found.operations > 0 ? 0 : 1;
  } finally {
    await server.dispose();
    if (!process.env.FUZZ_REPORT_DIR) rmSync(reports, { recursive: true, force: true });
  }
}

function readdirName(dir: string): string {
  return readdirSync(dir).find((name) => name.endsWith(".ndjson")) ?? "events.ndjson";
}

process.exitCode = await main();
