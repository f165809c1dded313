import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SDK = fileURLToPath(new URL("../", import.meta.url));
const PACKAGES = resolve(SDK, "..");
const SPECIFIERS = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g;
const NODE_ONLY = [/\bprocess\s*(?:\?\.|\.|\[)/, /\brequire\s*\(/, /\bBuffer\b/];

/** What `@purpleflea/<package>/<subpath>` is for a user: its `import` export, the built file. */
async function builtFile(specifier: string): Promise<string> {
  const [, name = "", ...subpath] = specifier.split("/");
  const manifest = JSON.parse(await readFile(join(PACKAGES, name, "package.json"), "utf8"));
  const target = manifest.exports[["."].concat(subpath).join("/")] as { import: string };
  return join(PACKAGES, name, target.import);
}

/** The built JavaScript of our own packages that the SDK's root entry loads, followed import by import. */
async function rootModuleGraph(entry: string): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  const pending = [entry];
  while (pending.length > 0 && seen.size < 500) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    const code = await readFile(file, "utf8");
    seen.set(file, code);
    for (const [, specifier = ""] of code.matchAll(SPECIFIERS)) {
      if (specifier.startsWith(".")) pending.push(resolve(dirname(file), specifier));
      else if (specifier.startsWith("@purpleflea/")) pending.push(await builtFile(specifier));
      else seen.set(`import ${specifier} from ${file}`, "");
    }
  }
  return seen;
}

describe("the SDK's root entry runs wherever fetch does", () => {
  it("loads no node: module and reads no process, require or Buffer in its built files", async () => {
    const entry = join(SDK, "dist/index.js");
    expect(existsSync(entry), "the SDK is not built: run npm run build").toBe(true);
    const graph = await rootModuleGraph(entry);
    expect([...graph.keys()].some((file) => file.includes("/protocol/dist/"))).toBe(true);
    for (const [file, code] of graph) {
      expect(file, file).not.toMatch(/^import node:|^import (fs|path|crypto|http|https|url|os)\b/);
      for (const pattern of NODE_ONLY) expect(code, `${file} matches ${pattern}`).not.toMatch(pattern);
    }
  });
});
