/**
 * Writes `.env.example` from the README's configuration table, for every setting `config.ts` reads,
 * in the table's order: `npm run env-example`. A test (`env-example.test.ts`) fails when the committed
 * file differs from what this prints, and `docs.test.ts` holds the table to `config.ts`'s defaults,
 * so the three cannot drift apart.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../packages/server/src/config.ts";
import { readmeTable } from "./readme-table.ts";

export const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));

const HEADER = `# Purple Flea server settings, every one with its default. Generated from the configuration table
# in README.md by \`npm run env-example\`: edit the table, not this file.
# Copy it to .env, uncomment and change what you need, then: purpleflea serve --env-file .env
# (in this repository: npm start -- --env-file .env). Variables already set in the environment win
# over the file; --port, --host and --data-dir over both.
`;

const WIDTH = 100;

/** `text` as `# ` comment lines of at most WIDTH characters, broken between words. */
function comment(text: string): string {
  const lines: string[] = [];
  let line = "#";
  for (const word of text.split(/\s+/)) {
    if (line.length > 1 && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = "#";
    }
    line += ` ${word}`;
  }
  return [...lines, line].join("\n");
}

/** The file's text: one commented-out `NAME=default` per setting, under its meaning. */
export function envExample(readme: string, settings: readonly string[]): string {
  const rows = readmeTable(readme, "config");
  const documented = rows.map(([name]) => name);
  const missing = settings.filter((name) => !documented.includes(name));
  const unknown = documented.filter((name) => name !== undefined && !settings.includes(name));
  if (missing.length > 0) throw new Error(`README's configuration table lacks ${missing.join(", ")}`);
  if (unknown.length > 0)
    throw new Error(`README's configuration table has settings config.ts does not read: ${unknown.join(", ")}`);
  const entries = rows.map(([name = "", fallback = "", meaning = ""]) => {
    const value = fallback === "–" ? "" : fallback;
    return `${comment(meaning.replaceAll("`", ""))}\n# ${name}=${value}\n`;
  });
  return [HEADER, ...entries].join("\n");
}

/** Every setting `config.ts` reads (its defaults include the unset optional ones as keys). */
export const SETTINGS = Object.keys(loadConfig({}));

function main(): void {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  writeFileSync(join(REPO_ROOT, ".env.example"), envExample(readme, SETTINGS));
  console.log("wrote .env.example");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
