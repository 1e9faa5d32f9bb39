// Turns browser console messages back into readable lines.
//
// The workbench prints its log service to the console as `console.log("%c INFO", "color: #33f",
// ...args)`, and the extension host's console output reaches the browser through that same
// log service. The browser only applies the first argument's format, so a mocha line arrives as
// "%c INFO color: #33f %s%s  activation": format the arguments ourselves, Node-style.
import { format } from "util";
import type { ConsoleMessage } from "playwright-core";

/** Formats one console message as "[LEVEL] text" (LEVEL from VS Code's log prefix or the console type). */
export async function formatConsoleMessage(message: ConsoleMessage): Promise<string> {
  let args: unknown[];
  try {
    args = await Promise.all(message.args().map((arg) => arg.jsonValue()));
  } catch {
    // The page navigated or closed: the handles are gone, the plain text is still there.
    return `[${message.type()}] ${message.text()}`;
  }
  let level: string = message.type();
  const first = args[0];
  if (typeof first === "string" && first.startsWith("%c") && typeof args[1] === "string") {
    level = first.slice(2).trim() || level;
    args = args.slice(2);
  }
  if (args.length === 0) return `[${level}] ${message.text()}`;
  return `[${level}] ${format(...args)}`;
}
