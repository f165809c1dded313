// The layers, checked by packages/server/test/import-graph.test.ts:
// protocol -> ledger -> domain (a folder per service under packages/server/src) -> adapters (the HTTP
// API in api/, MCP, CLI, console) -> app wiring. Arrows only point down that list, and none form a
// circle. http/ is framework code under the adapters: it knows Fastify and the protocol, no service.
const SERVER = "^packages/server/src/";
const ADAPTERS = `${SERVER}(http|api|mcp|cli|console)/`;
const WIRING = `${SERVER}(app|server|index|background-jobs)\\.ts$`;
const DOMAIN = `${SERVER}(agents|casino|escrow|events|faucet|fees|operator|outbound|policy|referrals|trading|market|wallet|webhooks|chain)/`;

module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
    {
      name: "domain-not-adapter",
      comment: "Domain code is called by adapters and never calls them (or the wiring).",
      severity: "error",
      from: { path: DOMAIN, pathNot: ADAPTERS },
      to: { path: [ADAPTERS, WIRING] },
    },
    {
      name: "http-is-framework-only",
      comment: "http/ holds Fastify plumbing any service could use; what knows a service is in api/.",
      severity: "error",
      from: { path: `${SERVER}http/` },
      to: { path: [DOMAIN, `${SERVER}(api|mcp|cli|console)/`, `${SERVER}[^/]+\\.ts$`] },
    },
    {
      name: "adapter-not-wiring",
      comment: "The `serve` command is the program's entry point: it alone starts the wiring.",
      severity: "error",
      from: { path: ADAPTERS, pathNot: `${SERVER}cli/serve\\.ts$` },
      to: { path: WIRING },
    },
    {
      name: "protocol-is-the-root",
      comment: "The protocol is shared by every client: it imports no other package of ours.",
      severity: "error",
      from: { path: "^packages/protocol/" },
      to: { path: "^(packages|apps)/(?!protocol/)" },
    },
    {
      name: "ledger-below-server",
      severity: "error",
      from: { path: "^packages/ledger/" },
      to: { path: "^(packages|apps)/(?!(ledger|protocol)/)" },
    },
    {
      name: "sdk-talks-http-only",
      comment: "The SDK reaches the server over HTTP, never by importing it.",
      severity: "error",
      from: { path: "^packages/(sdk|agent-tools)/|^apps/" },
      to: { path: "^packages/(server|ledger)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(dist|node_modules)/|\\.test\\.tsx?$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["@purpleflea/source", "types", "import", "default"],
      extensions: [".ts", ".tsx", ".js", ".mjs"],
    },
  },
};
