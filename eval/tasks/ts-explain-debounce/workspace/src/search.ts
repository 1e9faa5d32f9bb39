import { debounce } from "./debounce.js";

export function searchBox(runQuery: (text: string) => void) {
  return debounce(runQuery, 300);
}
