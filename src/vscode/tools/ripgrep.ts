// VS Code ships ripgrep (its own search uses it), so the search tools need nothing installed.
// Where it sits inside the installation has moved between versions and packagings (asar or not,
// `@vscode/ripgrep` or the older `vscode-ripgrep`); the first that exists wins, else `rg` on PATH.
import { existsSync } from "node:fs";
import * as path from "node:path";

export function ripgrepCandidates(appRoot: string, platform: NodeJS.Platform = process.platform): string[] {
  const binary = platform === "win32" ? "rg.exe" : "rg";
  const candidates: string[] = [];
  for (const modules of ["node_modules.asar.unpacked", "node_modules"]) {
    for (const pkg of ["@vscode/ripgrep", "vscode-ripgrep"]) candidates.push(path.join(appRoot, modules, pkg, "bin", binary));
  }
  return candidates;
}

export function findRipgrep(appRoot: string | undefined): string {
  const found = appRoot ? ripgrepCandidates(appRoot).find((candidate) => existsSync(candidate)) : undefined;
  return found ?? (process.platform === "win32" ? "rg.exe" : "rg");
}
