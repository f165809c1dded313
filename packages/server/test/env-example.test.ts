import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { describe, expect, it } from "vitest";
import { envExample, REPO_ROOT, SETTINGS } from "../../../scripts/env-example.ts";
import { loadConfig } from "../src/config.ts";
import { runCli } from "./child-server.ts";

const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
const committed = readFileSync(join(REPO_ROOT, ".env.example"), "utf8");

describe(".env.example", () => {
  it("is what `npm run env-example` writes from the README's table and config.ts", () => {
    expect(committed, "run `npm run env-example` and commit .env.example").toBe(envExample(readme, SETTINGS));
  });

  it("lists every setting once, and uncommented it gives the server's defaults", () => {
    const uncommented = committed.replaceAll(/^# ([A-Z][A-Z0-9_]*=)/gm, "$1");
    const settings = parseEnv(uncommented);
    expect(Object.keys(settings).sort()).toEqual([...SETTINGS].sort());
    expect(loadConfig(settings)).toEqual(loadConfig({}));
  });

  it("cannot be generated from a table that lacks a setting or has one config.ts does not read", () => {
    expect(() => envExample(readme, [...SETTINGS, "NOT_A_SETTING"])).toThrow("lacks NOT_A_SETTING");
    expect(() =>
      envExample(
        readme,
        SETTINGS.filter((name) => name !== "PORT"),
      ),
    ).toThrow("does not read: PORT");
  });

  it("is what `purpleflea serve --env-file` reads, under the environment", async () => {
    const folder = mkdtempSync(join(tmpdir(), "purpleflea-env-"));
    const file = join(folder, ".env");
    // The file's bad edge shows it is read; its good PORT loses to the environment's bad one.
    writeFileSync(file, `${committed}\nHOUSE_EDGE_BPS=nope\nPORT=0\n`);
    const run = await runCli(["serve", "--env-file", file], { PORT: "no-port" });
    rmSync(folder, { recursive: true, force: true });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("HOUSE_EDGE_BPS");
    expect(run.stderr).toContain("PORT");
  });
});
