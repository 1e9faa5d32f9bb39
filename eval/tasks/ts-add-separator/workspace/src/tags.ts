import { joinParts } from "./join.js";

/** Tags as shown under a post: "news, tech". */
export function tagLine(tags: string[]): string {
  return joinParts(tags);
}
