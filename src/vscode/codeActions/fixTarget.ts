// A problem the light bulb offers to fix, as plain data (a command argument), and which
// diagnostics qualify. Its own small file: the code-action provider runs from the startup bundle
// (it is asked at every cursor move), and must not pull in the fix runner and the agent.
import * as vscode from "vscode";

/** The problem to fix, as plain data (a command argument). */
export interface FixTarget {
  uri: string;
  /** 0-based [startLine, startCharacter, endLine, endCharacter]. */
  range: [number, number, number, number];
  message: string;
  severity: "error" | "warning";
  source?: string;
}

export function fixTargetOf(uri: vscode.Uri, diagnostic: vscode.Diagnostic): FixTarget {
  const { start, end } = diagnostic.range;
  const code = typeof diagnostic.code === "object" ? diagnostic.code.value : diagnostic.code;
  const source = [diagnostic.source, code].filter((part) => part !== undefined && part !== "").join(" ");
  return {
    uri: uri.toString(),
    range: [start.line, start.character, end.line, end.character],
    message: diagnostic.message,
    severity: diagnostic.severity === vscode.DiagnosticSeverity.Error ? "error" : "warning",
    ...(source ? { source } : {}),
  };
}

export function isFixable(diagnostic: vscode.Diagnostic): boolean {
  return diagnostic.severity === vscode.DiagnosticSeverity.Error || diagnostic.severity === vscode.DiagnosticSeverity.Warning;
}
