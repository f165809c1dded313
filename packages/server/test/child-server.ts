import { type ChildProcess, execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export interface ChildServer {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or signal name) once the process is gone. */
  exited: Promise<number | string>;
  /** Signals the whole process group, so servers started through npm or sh go too. */
  kill(signal: NodeJS.Signals): void;
}

/** Runs a real server process (`command args`, in the repository unless `cwd`) and waits for its "listening on" line. */
export async function spawnServer(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd: string = REPO_ROOT,
): Promise<ChildServer> {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  const kill = (signal: NodeJS.Signals) => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, signal);
  };
  return { url, child, output: () => output, exited, kill };
}

/**
 * `node ...CLI args` runs the CLI on the TypeScript sources (the "@purpleflea/source" export condition through
 * tsx), as vitest does, so a test never runs a stale build. `npm start` and users run the compiled JS.
 */
export const CLI = ["--conditions=@purpleflea/source", "--import", "tsx", "packages/server/bin/purpleflea.js"];

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI (sources, see `CLI`) to its end from the repository; a failing exit is a result, not a throw. */
export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile("node", [...CLI, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
