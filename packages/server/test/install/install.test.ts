import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { VERSION } from "@purpleflea/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChildServer, spawnServer } from "../child-server.ts";
import { createUserProject, PUBLISHED, type UserProject } from "./user-project.ts";

/**
 * Installs the packages as a user would (packed tarballs, an empty project outside the repository,
 * only what the README says to add) and uses them: the CLI's server and MCP bridge, and the SDK from
 * plain Node and from a `tsc --strict` project without @types.
 */
let project: UserProject;
let server: ChildServer;
const TYPESCRIPT = "typescript@5.9.3";

beforeAll(async () => {
  project = await createUserProject([TYPESCRIPT]);
  server = await spawnServer(
    "npx",
    ["purpleflea", "serve", "--port", "0", "--data-dir", "data"],
    { LOG_LEVEL: "warn" },
    project.dir,
  );
}, 300_000);

afterAll(async () => {
  server?.kill("SIGTERM");
  await server?.exited;
  await project?.remove();
});

/** The SDK check script with this server's URL filled in, saved in the project under `name`. */
async function sdkCheck(name: string): Promise<string> {
  const source = await readFile(join(import.meta.dirname, "sdk-check.mjs"), "utf8");
  await writeFile(join(project.dir, name), source.replace("__BASE_URL__", server.url));
  return name;
}

describe("installed like a user", () => {
  it("installs every package from its tarball, cannot see the repository, and needs no TypeScript to run", async () => {
    const { stdout } = await project.sh("npm", ["ls", "--all", "--json", ...PUBLISHED]);
    const tree = JSON.parse(stdout) as { dependencies: Record<string, { version: string; resolved: string }> };
    for (const name of PUBLISHED) {
      expect(tree.dependencies[name]).toMatchObject({ version: VERSION, resolved: expect.stringMatching(/^file:.*\.tgz$/) });
    }
    const manifest = JSON.parse(await readFile(join(project.dir, "package.json"), "utf8"));
    expect(manifest.allowScripts).toEqual({ "better-sqlite3": true });
    // The SQLite driver came from the local prebuild: a compile would have left its object files.
    expect(existsSync(join(project.dir, "node_modules/better-sqlite3/build/Release/better_sqlite3.node"))).toBe(true);
    expect(existsSync(join(project.dir, "node_modules/better-sqlite3/build/Release/obj.target"))).toBe(false);
    const probe = "for (const m of ['vitest', 'tsx']) { try { import.meta.resolve(m); console.log(m); } catch {} }";
    expect((await project.sh("node", ["--input-type=module", "-e", probe])).stdout).toBe("");
  });

  it("serves the API, its docs at the package's version and the console from `npx purpleflea serve`", async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ status: "ok" });
    const openapi = (await (await fetch(`${server.url}/openapi.json`)).json()) as { info: { version: string } };
    expect(openapi.info.version).toBe(VERSION);
    const page = await fetch(`${server.url}/`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
  });

  it("bridges MCP over stdio with `npx purpleflea mcp`", async () => {
    const registered = await fetch(`${server.url}/api/v1/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "installed-mcp" }),
    });
    const { api_key } = (await registered.json()) as { api_key: string };
    const transport = new StdioClientTransport({
      command: "npx",
      args: ["purpleflea", "mcp", "--api-key", api_key, "--base-url", server.url],
      cwd: project.dir,
      stderr: "pipe",
    });
    const client = new Client({ name: "install-test", version: "1.0.0" });
    await client.connect(transport);
    try {
      expect(client.getServerVersion()).toMatchObject({ name: "purpleflea", version: VERSION });
      const balance = await client.callTool({ name: "get_balance", arguments: {} });
      expect(balance.isError).toBeFalsy();
      expect(balance.structuredContent).toMatchObject({ currency: "USDC" });
    } finally {
      await client.close();
    }
  });

  it("registers, bets and verifies offline through the SDK from a plain Node ESM script", async () => {
    const { stdout } = await project.sh("node", [await sdkCheck("check.mjs")]);
    expect(JSON.parse(stdout)).toMatchObject({ claimed: "1.000000", verification: { matches: true, mismatch: null } });
  });

  it("compiles the same script with `tsc --strict` (no @types, skipLibCheck off) and runs the result", async () => {
    await sdkCheck("check.mts");
    await project.sh("npx", ["tsc", "-p", "tsconfig.json"]);
    const { stdout } = await project.sh("node", ["out/check.mjs"]);
    expect(JSON.parse(stdout)).toMatchObject({ claimed: "1.000000", verification: { matches: true, mismatch: null } });
  });
});
