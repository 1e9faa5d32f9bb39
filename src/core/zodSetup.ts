import * as z from "zod";

/**
 * Turns off zod's compiled (eval) fast path. The webview's CSP forbids eval, and probing for it
 * reads `navigator`, which VS Code's Node 22 extension host flags with a migration warning.
 * Call once at an entry point, before any schema parses.
 */
export function configureZod(): void {
  z.config({ jitless: true });
}
