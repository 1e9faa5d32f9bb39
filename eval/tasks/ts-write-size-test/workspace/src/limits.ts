import { parseSize } from "./size.js";

export function uploadLimit(setting: string | undefined): number {
  return parseSize(setting ?? "10kb");
}
