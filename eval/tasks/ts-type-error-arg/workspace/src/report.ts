import { formatPercent, ratio } from "./stats.js";

export interface Run {
  passed: number;
  total: number;
}

export function summaryLine(run: Run): string {
  const share = ratio(run.passed, run.total).toFixed(3);
  return `${run.passed}/${run.total} passed (${formatPercent(share)})`;
}
