import { describe, expect, it } from "vitest";
import { numberPlaceholders, postgresDdl } from "./postgres-sql.ts";

describe("SQL for PostgreSQL", () => {
  it("numbers placeholders, leaving question marks in literals, quoted names and comments alone", () => {
    expect(numberPlaceholders("SELECT ? AS a, '?' AS \"b?\" -- why?\nFROM t WHERE x = ? AND y = ?")).toBe(
      "SELECT $1 AS a, '?' AS \"b?\" -- why?\nFROM t WHERE x = $2 AND y = $3",
    );
  });

  it("gives text columns the bytewise collation, but not casts", () => {
    expect(postgresDdl("CREATE TABLE t (id TEXT PRIMARY KEY, note TEXT)")).toBe(
      'CREATE TABLE t (id TEXT COLLATE "C" PRIMARY KEY, note TEXT COLLATE "C")',
    );
    expect(postgresDdl("UPDATE t SET note = 'n ' || CAST(code AS TEXT)")).toBe("UPDATE t SET note = 'n ' || CAST(code AS TEXT)");
  });
});
