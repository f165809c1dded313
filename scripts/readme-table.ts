/**
 * The rows of a README table between `<!-- name:start -->` and `<!-- name:end -->`: each row's cells,
 * trimmed, with the backticks of a code span left out of the first cell (the name it documents).
 */
export function readmeTable(readme: string, name: string): string[][] {
  const section = new RegExp(`<!-- ${name}:start -->([\\s\\S]*?)<!-- ${name}:end -->`).exec(readme)?.[1];
  if (section === undefined) throw new Error(`README.md has no ${name} table`);
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => {
      const [first = "", ...rest] = line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim());
      return [first.replaceAll("`", ""), ...rest];
    });
}
