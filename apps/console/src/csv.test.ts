import { describe, expect, it } from "vitest";
import { toCsv } from "./csv.ts";

describe("CSV export", () => {
  it("quotes every field and doubles quotes inside", () => {
    expect(
      toCsv(
        ["a", "memo"],
        [
          ["1.500000", 'say "hi", ok'],
          ["2", null],
        ],
      ),
    ).toBe('"a","memo"\r\n"1.500000","say ""hi"", ok"\r\n"2",""');
  });
});
