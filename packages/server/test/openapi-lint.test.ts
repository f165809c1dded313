import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./child-server.ts";
import { startTestServer, type TestServer } from "./harness.ts";

let server: TestServer;
let scratch: string;
beforeAll(async () => {
  server = await startTestServer();
  scratch = await mkdtemp(join(tmpdir(), "pf-openapi-lint-"));
});
afterAll(async () => {
  await server.stop();
  await rm(scratch, { recursive: true, force: true });
});

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: Array<{ ruleId: string; message: string }>;
}

/** Redocly CLI (a devDependency) on a file, with repo's redocly.yaml; it never reaches the network. */
function redoclyLint(file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const bin = join(REPO_ROOT, "node_modules", ".bin", "redocly");
  const args = ["lint", file, "--config", join(REPO_ROOT, "redocly.yaml"), "--format", "json"];
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      cwd: scratch,
      // No usage telemetry, no update check against the registry (redocly.yaml says telemetry: off too).
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("the served OpenAPI document, linted by Redocly CLI", () => {
  it("has no errors and no warnings under redocly.yaml", async () => {
    const file = join(scratch, "openapi.json");
    await writeFile(file, JSON.stringify((await server.call("/openapi.json")).body));
    const { code, stdout, stderr } = await redoclyLint(file);
    const report = JSON.parse(stdout) as LintReport;
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    expect(code, stderr).toBe(0);
  });

  it("fails a document that breaks a convention (the lint can fail)", async () => {
    const { body } = await server.call<{ info: Record<string, unknown> }>("/openapi.json");
    const { license: _, ...info } = body.info;
    const file = join(scratch, "no-license.json");
    await writeFile(file, JSON.stringify({ ...body, info }));
    const { code, stdout } = await redoclyLint(file);
    expect((JSON.parse(stdout) as LintReport).problems.map((p) => p.ruleId)).toContain("info-license");
    expect(code).not.toBe(0);
  });
});
