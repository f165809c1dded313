import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { VERSION } from "./version.ts";

const REPO = new URL("../../../", import.meta.url);
const read = (path: string) => readFile(new URL(path, REPO), "utf8");

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

async function workspaceManifests(): Promise<Manifest[]> {
  const root = JSON.parse(await read("package.json")) as { workspaces: string[] };
  return Promise.all(root.workspaces.map(async (dir) => JSON.parse(await read(`${dir}/package.json`)) as Manifest));
}

// The MCP server's info and the OpenAPI document's info.version use VERSION itself: the server's
// mcp-conventions and http-conventions tests read both from a running server, and the install test
// (packages/server/test/install) from the installed one.
describe("one version everywhere", () => {
  it("every npm package, and every dependency between them, is at VERSION", async () => {
    for (const manifest of await workspaceManifests()) {
      expect(manifest.version, manifest.name).toBe(VERSION);
      const deps = { ...manifest.dependencies, ...manifest.devDependencies };
      for (const [name, range] of Object.entries(deps)) {
        if (name.startsWith("@purpleflea/")) expect(range, `${manifest.name} -> ${name}`).toBe(VERSION);
      }
    }
  });

  it("the Python package and the changelog say VERSION too", async () => {
    expect(/^version = "([^"]+)"$/m.exec(await read("python/pyproject.toml"))?.[1]).toBe(VERSION);
    expect(await read("CHANGELOG.md")).toMatch(new RegExp(`^## ${VERSION.replaceAll(".", "\\.")} `, "m"));
  });
});
