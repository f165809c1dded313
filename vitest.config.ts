import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

/**
 * Tests that need no store, test the SQLite adapter itself, or test the console's pages in a
 * browser (its server's storage is what every other suite tests on both engines) run once.
 */
const ENGINE_FREE = [
  "packages/protocol/**",
  "packages/ledger/src/sqlite-store.test.ts",
  "packages/ledger/src/ids.test.ts",
  "packages/ledger/src/postgres-sql.test.ts",
  "apps/**",
  "packages/server/test/install/**",
  // Lints the OpenAPI document, which is the same on either engine.
  "packages/server/test/openapi-lint.test.ts",
  "packages/sdk/test/portable-root.test.ts",
  "packages/sdk/test/network-error.test.ts",
  "packages/server/test/import-graph.test.ts",
  "packages/server/test/env-example.test.ts",
  "packages/sdk/test/profiles.test.ts",
];

const tests = [
  "packages/*/src/**/*.test.ts",
  "packages/*/test/**/*.test.ts",
  "apps/*/src/**/*.test.ts",
  "apps/*/test/**/*.test.ts",
];

/** The CLI and the examples save registered agents in a profile file: in tests, never the user's own. */
const PURPLE_FLEA_PROFILES = join(tmpdir(), `purpleflea-test-profiles-${process.pid}.json`);

export default defineConfig({
  // Our packages export their TypeScript sources under the "@purpleflea/source" condition (dist otherwise), so
  // tests run what is in src/ without a build.
  resolve: { conditions: ["@purpleflea/source", ...defaultClientConditions] },
  ssr: { resolve: { conditions: ["@purpleflea/source", ...defaultServerConditions] } },
  test: {
    testTimeout: 60_000,
    // Files share a worker's module cache: every suite starts its own servers and stores, and
    // loading the server's modules afresh for each of ~350 file runs cost more than the tests
    // themselves (import time 142 s of a 504 s run; 402 s in all without it).
    isolate: false,
    hookTimeout: 60_000,
    // Every suite that stores anything runs on both engines: the same files, parametrised by the
    // environment that `createTestDatabase` and `openTestStore` read.
    projects: [
      { extends: true, test: { name: "sqlite", include: tests, env: { PF_TEST_ENGINE: "sqlite", PURPLE_FLEA_PROFILES } } },
      {
        extends: true,
        test: {
          name: "postgres",
          include: tests,
          exclude: ENGINE_FREE,
          env: { PF_TEST_ENGINE: "postgres", PURPLE_FLEA_PROFILES },
          globalSetup: ["packages/ledger/test/postgres-global-setup.ts"],
        },
      },
    ],
  },
});
