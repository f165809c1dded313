// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by package or server folder, and
// the functions with the most self time. Used by bench/profile-transfer.sh.
import { readFileSync } from "node:fs";

const profile = JSON.parse(readFileSync(process.argv[2], "utf8"));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));

const selfTime = new Map();
profile.samples.forEach((id, i) => {
  selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...selfTime.values()].reduce((a, b) => a + b, 0);

/** A dependency by name, one of our packages by its first folder, or the runtime's own frames. */
function areaOf({ url, functionName }) {
  if (!url) return functionName.startsWith("(") ? functionName : `native/${functionName}`;
  const dependency = url.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
  if (dependency) return dependency[1];
  const ours = url.match(/packages\/([^/]+)\/(dist|src)\/([^/]+)/);
  if (ours) return `${ours[1]}/${ours[3]}`;
  return url.startsWith("node:") ? "node-core" : url;
}

const byArea = new Map();
const byFunction = new Map();
for (const [id, time] of selfTime) {
  const frame = nodes.get(id).callFrame;
  const name = `${frame.functionName || "(anonymous)"} ${frame.url.split("/").slice(-2).join("/")}:${frame.lineNumber}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + time);
  const area = areaOf(frame);
  byArea.set(area, (byArea.get(area) ?? 0) + time);
}

function show(title, totals, count) {
  console.log(title);
  for (const [name, time] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    console.log(`${((100 * time) / total).toFixed(1).padStart(5)} %  ${name}`);
  }
}

console.log(`${(total / 1e6).toFixed(2)} s sampled on the server's main thread`);
show("-- self time by area", byArea, 25);
show("-- self time by function", byFunction, 30);
