import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect } from "vitest";
import { REPO_ROOT } from "../child-server.ts";

const run = promisify(execFile);

/** Every package a user can install, in the order `npm pack` is asked for them. */
export const PUBLISHED = [
  "@purpleflea/protocol",
  "@purpleflea/ledger",
  "@purpleflea/sdk",
  "@purpleflea/server",
  "@purpleflea/agent-tools",
];

export interface UserProject {
  dir: string;
  /** Deletes the project, its tarballs and prebuilds. */
  remove(): Promise<void>;
  /** Runs a command in the project, as the user would in a terminal. */
  sh(command: string, args: string[]): Promise<{ stdout: string; stderr: string }>;
}

/** `npm pack` of every published package, from their built dist/ (the test command builds first). */
async function packAll(destination: string): Promise<string[]> {
  const workspaces = PUBLISHED.flatMap((name) => ["-w", name]);
  await run("npm", ["pack", ...workspaces, "--pack-destination", destination, "--ignore-scripts", "--silent"], {
    cwd: REPO_ROOT,
  });
  return (await readdir(destination)).filter((file) => file.endsWith(".tgz")).map((file) => join(destination, file));
}

/**
 * better-sqlite3's install runs prebuild-install, which takes a prebuild from a local folder before
 * downloading one (or compiling for minutes). We give it the binary this checkout already compiled, in
 * the archive name prebuild-install itself computes, so the install neither compiles nor downloads.
 */
async function localPrebuilds(dir: string): Promise<Record<string, string>> {
  const require = createRequire(join(REPO_ROOT, "node_modules/better-sqlite3/package.json"));
  const util = require("prebuild-install/util") as { getDownloadUrl(options: object): string };
  const url = util.getDownloadUrl({
    pkg: require("./package.json"),
    runtime: "node",
    abi: process.versions.modules,
    platform: process.platform,
    arch: process.arch,
    libc: "",
  });
  const archive = join(dir, url.slice(url.lastIndexOf("/") + 1));
  await run("tar", ["-czf", archive, "-C", join(REPO_ROOT, "node_modules/better-sqlite3"), "build/Release/better_sqlite3.node"]);
  return { npm_config_better_sqlite3_local_prebuilds: dir };
}

/** The README's install lines (between `<!-- install:start -->` and `<!-- install:end -->`), comments cut. */
async function readmeInstallLines(): Promise<string[]> {
  const readme = await readFile(join(REPO_ROOT, "README.md"), "utf8");
  const block = /<!-- install:start -->([\s\S]*?)<!-- install:end -->/.exec(readme)?.[1] ?? "";
  return block
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line !== "" && !line.startsWith("```"));
}

/**
 * An empty project in the OS temp folder, outside the repository (so no parent node_modules can
 * satisfy an import), set up by running the README's install lines, with the packed tarballs
 * installed in place of the registry's @purpleflea packages and `extra` beside them. The test starts
 * the server itself, so the `npx purpleflea serve` line is left to it.
 */
export async function createUserProject(extra: string[]): Promise<UserProject> {
  const root = await mkdtemp(join(tmpdir(), "purpleflea-install-"));
  const dir = join(root, "app");
  await Promise.all([mkdir(dir), mkdir(join(root, "tarballs")), mkdir(join(root, "prebuilds"))]);
  const [tarballs, prebuildEnv] = await Promise.all([packAll(join(root, "tarballs")), localPrebuilds(join(root, "prebuilds"))]);
  const env = { ...process.env, ...prebuildEnv };
  const sh = (command: string, args: string[]) => run(command, args, { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 });
  const lines = await readmeInstallLines();
  expect(lines).toContain("npm install @purpleflea/server");
  for (const line of lines) {
    // The registry's @purpleflea/server is what the README installs; here it is this checkout's tarballs.
    if (line === "npm install @purpleflea/server") {
      await sh("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", ...tarballs, ...extra]);
    } else if (!line.startsWith("npx purpleflea serve")) {
      await sh("sh", ["-c", line]);
    }
  }
  await copyFile(join(import.meta.dirname, "consumer-tsconfig.json"), join(dir, "tsconfig.json"));
  return { dir, sh, remove: () => rm(root, { recursive: true, force: true }) };
}
