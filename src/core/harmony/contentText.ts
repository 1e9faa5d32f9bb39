// The text bodies of system and developer messages, as openai/harmony v0.0.8 writes them
// (`Render<SystemContent>`, `Render<DeveloperContent>`, `template_tools_section`).
import type { DeveloperContent, SystemContent, ToolNamespace } from "./conversation";
import { jsonSchemaToTypescript } from "./schemaToTypescript";

/**
 * Rust's `str::lines()`: split on \n, drop one \r before a \n, no empty last line after a final
 * \n. A bare \r that ends the text stays (only `\r\n` and `\n` end lines, rust-lang/rust#100311).
 */
export function rustLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  const last = lines.length - 1;
  if (lines[last] === "") lines.pop();
  return lines.map((line, i) => (i < last && line.endsWith("\r") ? line.slice(0, -1) : line));
}

/**
 * Namespaces in the reference's order: it keeps them in a BTreeMap keyed by name, so they
 * render sorted by name and a later namespace with the same name replaces an earlier one.
 */
function byName(namespaces: ToolNamespace[]): ToolNamespace[] {
  const map = new Map<string, ToolNamespace>();
  for (const ns of namespaces) map.set(ns.name, ns);
  return [...map.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** `# Tools` and one `## NAME` section per namespace, with `namespace NAME { ... }` when it has tools. */
export function toolsSectionText(namespaces: ToolNamespace[]): string {
  const sections = ["# Tools"];
  for (const ns of byName(namespaces)) {
    const lines = [`## ${ns.name}\n`];
    const hasTools = ns.tools.length > 0;
    for (const line of rustLines(ns.description ?? "")) lines.push(hasTools ? `// ${line}` : line);
    if (hasTools) {
      lines.push(`namespace ${ns.name} {\n`);
      for (const tool of ns.tools) {
        for (const line of rustLines(tool.description)) lines.push(`// ${line}`);
        if (tool.parameters !== undefined) {
          lines.push(`type ${tool.name} = (_: ${jsonSchemaToTypescript(tool.parameters, "")}) => any;\n`);
        } else {
          lines.push(`type ${tool.name} = () => any;\n`);
        }
      }
      lines.push(`} // namespace ${ns.name}`);
    }
    sections.push(lines.join("\n"));
  }
  return sections.join("\n\n");
}

/**
 * The system message body. `conversationHasFunctionTools` adds the line that sends tool calls
 * to the commentary channel; the reference adds it only under a channel list.
 */
export function systemContentText(content: SystemContent, conversationHasFunctionTools: boolean): string {
  const sections: string[] = [];
  const top: string[] = [];
  if (content.modelIdentity !== undefined) top.push(content.modelIdentity);
  if (content.knowledgeCutoff !== undefined) top.push(`Knowledge cutoff: ${content.knowledgeCutoff}`);
  if (content.conversationStartDate !== undefined) top.push(`Current date: ${content.conversationStartDate}`);
  if (top.length > 0) sections.push(top.join("\n"));
  if (content.reasoningEffort !== undefined) sections.push(`Reasoning: ${content.reasoningEffort}`);
  if (content.tools && content.tools.length > 0) sections.push(toolsSectionText(content.tools));
  const channels = content.channelConfig;
  if (channels && channels.validChannels.length > 0) {
    let header = `# Valid channels: ${channels.validChannels.join(", ")}.`;
    if (channels.channelRequired) header += " Channel must be included for every message.";
    if (conversationHasFunctionTools) header += "\nCalls to these tools must go to the commentary channel: 'functions'.";
    sections.push(header);
  }
  return sections.join("\n\n");
}

/** The developer message body: `# Instructions` then the tools section. */
export function developerContentText(content: DeveloperContent): string {
  const sections: string[] = [];
  if (content.instructions !== undefined) sections.push("# Instructions", content.instructions);
  if (content.tools && content.tools.length > 0) sections.push(toolsSectionText(content.tools));
  return sections.join("\n\n");
}
