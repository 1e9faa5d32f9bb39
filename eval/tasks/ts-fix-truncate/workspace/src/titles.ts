import { truncate } from "./truncate.js";

export function tabTitle(fileName: string): string {
  return truncate(fileName, 12);
}
