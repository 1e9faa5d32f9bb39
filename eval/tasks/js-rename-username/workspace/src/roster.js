import { getUserName } from "./users.js";

/** One line per user, sorted by the name shown. */
export function roster(users) {
  return users.map(getUserName).sort().join("\n");
}
