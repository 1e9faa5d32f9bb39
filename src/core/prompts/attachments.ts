// How attached context reaches the model: appended to the user's message as fenced blocks that
// name their source, so the model can cite paths and line numbers and call read_file for more.
import type { Attachment } from "../protocol";

/** A fence longer than any backtick run inside the text, so attached code cannot close it early. */
function fence(text: string): string {
  const longest = Math.max(2, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  return "`".repeat(longest + 1);
}

export function attachmentLabel(attachment: Attachment): string {
  switch (attachment.kind) {
    case "selection":
      return `${attachment.path}:${attachment.startLine}-${attachment.endLine}`;
    case "file":
      return attachment.path;
    case "problems":
      return attachment.path ? `Problems in ${attachment.path} (${attachment.count})` : `Problems (${attachment.count})`;
    default:
      return attachment satisfies never;
  }
}

function block(attachment: Attachment): string {
  switch (attachment.kind) {
    case "selection": {
      const f = fence(attachment.text);
      return `Selected code from ${attachment.path}, lines ${attachment.startLine}-${attachment.endLine}:\n${f}${attachment.languageId}\n${attachment.text}\n${f}`;
    }
    case "file": {
      const f = fence(attachment.text);
      return `The file ${attachment.path}:\n${f}${attachment.languageId}\n${attachment.text}\n${f}`;
    }
    case "problems": {
      const f = fence(attachment.text);
      const where = attachment.path ? ` in ${attachment.path}` : " in the workspace";
      return `${attachment.count} problem(s)${where}:\n${f}\n${attachment.text}\n${f}`;
    }
    default:
      return attachment satisfies never;
  }
}

/** The user message's content: the text, then each attachment. */
export function userMessageContent(text: string, attachments: readonly Attachment[] = []): string {
  if (attachments.length === 0) return text;
  return [text, ...attachments.map(block)].join("\n\n");
}
