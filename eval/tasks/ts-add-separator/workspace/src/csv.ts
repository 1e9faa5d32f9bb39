import { joinParts } from "./join.js";

/** One CSV line (fields without commas or quotes), e.g. "a,b,c". */
export function csvRow(fields: string[]): string {
  return joinParts(fields);
}
