/** The non-empty parts, trimmed, joined with ", ". */
export function joinParts(parts: string[]): string {
  return parts
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .join(", ");
}
