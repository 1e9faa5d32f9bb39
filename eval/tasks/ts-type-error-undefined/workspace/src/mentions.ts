import { nameOf, USERS } from "./users.js";

/** "@Ada, @Grace" for the ids mentioned in a comment. */
export function mentionLine(ids: number[]): string {
  return ids.map((id) => `@${nameOf(USERS, id)}`).join(", ");
}
