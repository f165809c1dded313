import { readdirSync, readFileSync } from "node:fs";

/** CPU time and bytes written so far by a set of processes, from /proc (Linux). */
export interface Usage {
  cpuMs: number;
  writeBytes: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

function one(pid: number): Usage {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const cpuMs = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    const io = /write_bytes: (\d+)/.exec(readFileSync(`/proc/${pid}/io`, "utf8"));
    return { cpuMs, writeBytes: Number(io?.[1] ?? 0) };
  } catch {
    return { cpuMs: 0, writeBytes: 0 }; // gone since it was listed
  }
}

/** Summed over `pids`. */
export function usageOf(pids: readonly number[]): Usage {
  return pids
    .map(one)
    .reduce((a, b) => ({ cpuMs: a.cpuMs + b.cpuMs, writeBytes: a.writeBytes + b.writeBytes }), { cpuMs: 0, writeBytes: 0 });
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

/**
 * A process and all its descendants (a server with what it forked). By parentage, not process
 * group: PostgreSQL's backends each start a session of their own.
 */
export function treePids(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const parent = parentOf(pid);
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const out: number[] = [];
  const visit = (pid: number) => {
    out.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return out;
}

export function usageDelta(before: Usage, after: Usage): Usage {
  return { cpuMs: after.cpuMs - before.cpuMs, writeBytes: after.writeBytes - before.writeBytes };
}
