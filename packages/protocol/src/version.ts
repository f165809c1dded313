/**
 * The release, the same in every npm package, the Python package, the MCP server's info and the
 * OpenAPI document's `info.version`; `test/versions.test.ts` fails when one of them says otherwise.
 */
export const VERSION = "0.2.0";
