// Which tools the model is shown. gpt-oss was trained to edit with apply_patch (OpenAI's own
// harnesses give it that and nothing else for edits; Cline routes gpt-oss to apply_patch instead
// of its replace/write tools), so the agent declares apply_patch in place of edit_file and
// create_file: one edit tool, the one it knows, and fewer prompt tokens. edit_file and
// create_file stay callable (a model or a script that names them still gets the real tool), and
// stay VS Code language-model tools and the code blocks' Apply.
import type { AnyTool } from "./contract";
import { applyPatchTool } from "./applyPatch/tool";

/** Replaced by apply_patch in what the model is shown. */
const REPLACED = new Set(["edit_file", "create_file"]);

export interface ModelToolSet {
  /** Listed in the developer message. */
  declared: AnyTool[];
  /** Not listed, but a call to them runs them (the agent's `hiddenTools`). */
  hidden: AnyTool[];
}

/** `available` (the session's tools) as the model gets them: apply_patch where edit_file was. */
export function modelToolSet(available: readonly AnyTool[]): ModelToolSet {
  const declared: AnyTool[] = [];
  const hidden: AnyTool[] = [];
  for (const tool of available) {
    if (!REPLACED.has(tool.name)) declared.push(tool);
    else {
      if (!declared.includes(applyPatchTool)) declared.push(applyPatchTool);
      hidden.push(tool);
    }
  }
  return { declared, hidden };
}
