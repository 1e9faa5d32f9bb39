import { getUserName } from "./users.js";

export function greeting(user) {
  return `Welcome back, ${getUserName(user)}!`;
}
