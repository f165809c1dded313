import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const SOURCES = ["protocol", "ledger", "sdk", "server", "agent-tools"].map((name) => `packages/${name}/src`);

// The rules (layers, no circles) are in /.dependency-cruiser.cjs; a violation makes the linter exit non-zero.
it("has no import circles and no arrow from domain code to an adapter", async () => {
  const run = promisify(execFile)(
    "npx",
    ["depcruise", ...SOURCES, "apps/console/src", "--config", ".dependency-cruiser.cjs", "--output-type", "err"],
    { cwd: ROOT },
  );
  const outcome = await run.then(
    ({ stdout }) => ({ ok: true, stdout }),
    (error: { stdout?: string }) => ({ ok: false, stdout: error.stdout ?? String(error) }),
  );
  expect(outcome.stdout).toContain("no dependency violations found");
  expect(outcome.ok).toBe(true);
});
