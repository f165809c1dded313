#!/usr/bin/env node
// Runs the compiled CLI: the package's own "./cli" export is dist/cli/main.js. Under the
// "@purpleflea/source" condition (`node --conditions=@purpleflea/source --import tsx`, as the
// repository's tests and `npm run dev` run it) the same export is the TypeScript source.
const { main } = await import("@purpleflea/server/cli");
const code = await main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
