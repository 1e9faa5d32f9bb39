// get_diagnostics: the problems VS Code's language servers report (the Problems panel).
import * as z from "zod";
import type { DiagnosticInfo, Tool } from "../contract";
import { formatLocation, languageServicesOf, visibleLocations } from "../languageTools";
import { resolveForTool } from "../resolveForTool";
import { capText, formatCount, plural } from "../resultCap";

const MAX_DIAGNOSTICS = 200;
const SEVERITY_ORDER: Record<DiagnosticInfo["severity"], number> = { error: 0, warning: 1, information: 2, hint: 3 };

const parameters = z.object({
  path: z.string().optional().describe("The file to check, relative to the workspace folder. Default: the whole workspace."),
});
export type GetDiagnosticsParams = z.infer<typeof parameters>;

export const getDiagnosticsTool: Tool<GetDiagnosticsParams> = {
  name: "get_diagnostics",
  description:
    "Lists the errors and warnings VS Code's language servers report (the Problems panel), for one file or the whole workspace. Use it after editing code to check that it still compiles, or to find what is broken. " +
    'Returns one problem per line: "path:line:column: severity: message", errors first. Files no language server has checked (mostly unopened ones) may have none listed.',
  parameters,
  risk: "read",
  needsLanguageServices: true,
  invocationMessage: ({ path }) => (path ? `Checking problems in ${path}` : "Checking problems in the workspace"),

  async run(params, { env, signal, maxResultChars }) {
    const services = languageServicesOf(env, "get_diagnostics");
    const file = params.path ? await resolveForTool(env, params.path, { mustExist: true }) : undefined;
    const found = visibleLocations(env, await services.diagnostics(file?.absolute));
    signal.throwIfAborted();
    const where = file ? file.display : "the workspace";
    if (found.length === 0) return { content: `No problems reported in ${where}.`, summary: "No problems" };

    found.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column);
    const counts = (["error", "warning", "information", "hint"] as const)
      .map((severity) => [severity, found.filter((d) => d.severity === severity).length] as const)
      .filter(([, n]) => n > 0)
      .map(([severity, n]) => plural(n, severity === "information" ? "info" : severity, severity === "information" ? "infos" : undefined));
    const lines = found.slice(0, MAX_DIAGNOSTICS).map((d) => {
      const tag = [d.source, d.code].filter(Boolean).join(" ");
      const { preview: _preview, ...location } = d;
      return `${formatLocation(location, env.paths)}: ${d.severity}: ${d.message.replace(/\s*\n\s*/g, " ")}${tag ? ` [${tag}]` : ""}`;
    });
    const more = found.length - lines.length;
    const body = `${counts.join(", ")} in ${where}:\n${lines.join("\n")}${more > 0 ? `\n[… and ${formatCount(more)} more not shown; ask for one file at a time.]` : ""}`;
    const capped = capText(body, maxResultChars, "[The list was cut here to fit; ask for one file at a time.]");
    return { content: capped.text, summary: counts.join(", "), ...(capped.truncated || more > 0 ? { truncated: true } : {}) };
  },
};
