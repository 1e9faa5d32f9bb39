// The glob matcher on the pattern that froze the extension host: "*a*a*a*a*a*a*a*a*a*b" against
// names made of one letter. The old matcher turned a segment into a JavaScript RegExp
// ("^[\s\S]*a[\s\S]*a...b$"), which V8 runs by backtracking: polynomial of degree 9 here.
// The matcher now remembers only the last star: O(pattern x name). Both run in this process on
// the same names; the RegExp only on names of up to 30 letters (measured: 14 s at 40 letters, 100 s at 50).
// Prints times and ratios; never fails on time.
// Run: npx tsx bench/glob.ts
import { compileGlob } from "../src/core/tools/glob";

const PATTERN = "*a*a*a*a*a*a*a*a*a*b";
const oldStyle = new RegExp(`^${PATTERN.replace(/\*/g, "[\\s\\S]*")}$`);
const glob = compileGlob(`/${PATTERN}`);

function time(run: () => boolean, reps: number): number {
  const started = performance.now();
  for (let i = 0; i < reps; i++) run();
  return (performance.now() - started) / reps;
}

const rows: Array<{ length: number; globMs: number; regexpMs?: number }> = [];
for (const length of [20, 25, 30, 1_000, 10_000, 100_000]) {
  const name = "a".repeat(length);
  const reps = length <= 1_000 ? 50 : 5;
  const globMs = time(() => glob.matches([name]), reps);
  const regexpMs = length <= 30 ? time(() => oldStyle.test(name), 3) : undefined;
  rows.push({ length, globMs, ...(regexpMs !== undefined ? { regexpMs } : {}) });
  const ratio = regexpMs !== undefined ? `  RegExp ${regexpMs.toFixed(2)} ms (${(regexpMs / globMs).toFixed(0)}x slower)` : "";
  console.log(`name of ${length.toLocaleString("en")} letters: glob ${globMs.toFixed(3)} ms${ratio}`);
}
const longest = rows.at(-1)!;
console.log(JSON.stringify({ bench: "glob", pattern: PATTERN, longestName: longest.length, globMsAtLongest: Number(longest.globMs.toFixed(3)), rows }));
