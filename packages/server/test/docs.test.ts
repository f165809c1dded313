import { readFileSync } from "node:fs";
import { join } from "node:path";
import { errorCodes } from "@purpleflea/protocol";
import { describe, expect, it } from "vitest";
import { readmeTable } from "../../../scripts/readme-table.ts";
import { loadConfig } from "../src/config.ts";
import { REPO_ROOT } from "./child-server.ts";

const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");

/** The first two cells of each row of a README table. */
function tableRows(name: string): Array<[string, string]> {
  return readmeTable(readme, name).map(([first = "", second = ""]) => [first, second]);
}

describe("README stays true to the code", () => {
  it("lists every error code once, with its HTTP status", () => {
    const rows = tableRows("error-codes");
    expect(rows.map(([code]) => code).sort()).toEqual(Object.keys(errorCodes).sort());
    for (const [code, status] of rows) expect(Number(status), code).toBe(errorCodes[code as keyof typeof errorCodes]);
  });

  it("lists every setting with its real default", () => {
    const rows = tableRows("config");
    const defaults = loadConfig({});
    expect(rows.map(([name]) => name).sort()).toEqual(Object.keys(defaults).sort());
    for (const [name, documented] of rows) {
      if (documented === "–") continue;
      const key = name as keyof typeof defaults;
      expect(loadConfig({ [name]: documented })[key], name).toEqual(defaults[key]);
    }
  });
});
