/**
 * The release, the same in every npm package, the Python package, the MCP server's info and the
 * OpenAPI document's `info.version`; `version.test.ts` fails when a package or the changelog says otherwise.
 */
export const VERSION = "0.2.0";
