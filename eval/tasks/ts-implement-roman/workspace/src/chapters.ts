import { toRoman } from "./roman.js";

export function chapterHeading(index: number, title: string): string {
  return `Chapter ${toRoman(index + 1)}: ${title}`;
}
