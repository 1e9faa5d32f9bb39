import { joinParts } from "./join.js";

/** "Home > Docs > API" for a page's path. */
export function breadcrumb(path: string[]): string {
  return joinParts(["Home", ...path]);
}
