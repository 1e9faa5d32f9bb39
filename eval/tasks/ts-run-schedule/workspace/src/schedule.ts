import { formatDay, parseDay } from "./dates.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The day `count` days after `start` ("2024-03-09" + 3 -> "2024-03-12"). */
export function addDays(start: string, count: number): string {
  return formatDay(new Date(parseDay(start).getTime() + count * DAY_MS));
}

/** Whole days from `from` to `to`. */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseDay(to).getTime() - parseDay(from).getTime()) / DAY_MS);
}
