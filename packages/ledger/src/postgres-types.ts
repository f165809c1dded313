import pg from "pg";

const { builtins } = pg.types;

function integer(text: string): bigint {
  return BigInt(text);
}

/** Sums of BIGINT are NUMERIC in PostgreSQL; ours are whole numbers, read back as exactly as SQLite does. */
function wholeNumeric(text: string): bigint {
  if (!/^-?\d+$/.test(text)) throw new Error(`a NUMERIC with a fraction (${text}) has no exact bigint`);
  return BigInt(text);
}

function noBooleans(): never {
  throw new Error("selected a boolean: SQLite has none, so select a row or a count instead");
}

/**
 * Values read back as SQLite gives them with safe integers on: every integer a bigint, never a JS
 * number, so money never passes through a float on either engine.
 */
export const sqliteLikeTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === builtins.INT8 || oid === builtins.INT4 || oid === builtins.INT2) return integer;
    if (oid === builtins.NUMERIC) return wholeNumeric;
    if (oid === builtins.BOOL) return noBooleans;
    return pg.types.getTypeParser(oid, format as "text");
  }) as pg.CustomTypesConfig["getTypeParser"],
};
