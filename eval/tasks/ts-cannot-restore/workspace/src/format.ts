import { legacyDate } from "./dates.js";

export function stamp(date: Date): string {
  return `[${legacyDate(date)}]`;
}
