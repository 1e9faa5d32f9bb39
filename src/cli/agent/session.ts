// `chat --session FILE` and `chat --prompt-log FILE`: a conversation kept in a file between runs
// (so multi-turn runs can be scripted), and the exact harmony text of every model call appended
// to a log. The session holds the conversation after its system and developer messages, which
// are rebuilt each run (tools, effort and date stay current).
import { promises as fs } from "node:fs";
import path from "node:path";
import * as z from "zod";
import { conversationSchema, PRODUCT_RENDER_CONFIG, renderConversationForCompletion, segmentsToText, type Conversation } from "../../core/harmony/index";
import { CliError } from "../command";

const sessionFile = z.object({ version: z.literal(1), conversation: conversationSchema });

/** The saved conversation, or [] when the file does not exist yet. */
export async function loadSession(file: string): Promise<Conversation> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new CliError(`--session ${file}: cannot read it (${error instanceof Error ? error.message : String(error)}).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliError(`--session ${file} is not JSON. Give a new file name to start a session, or delete this one.`);
  }
  const parsed = sessionFile.safeParse(json);
  if (!parsed.success) throw new CliError(`--session ${file} is not a gpt-oss-local session (${z.prettifyError(parsed.error).split("\n")[0]}). Give a new file name, or delete this one.`);
  return parsed.data.conversation;
}

/** Saves the conversation without its leading system/developer messages, atomically. */
export async function saveSession(file: string, conversation: Conversation): Promise<void> {
  let start = 0;
  while (start < conversation.length && (conversation[start]!.role === "system" || conversation[start]!.role === "developer")) start++;
  const body = `${JSON.stringify({ version: 1, conversation: conversation.slice(start) }, null, 2)}\n`;
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temp, body);
  await fs.rename(temp, file);
}

/** Appends the prompt of one model call, exactly as the model reads it, with a separator line. */
export async function logPrompt(file: string, conversation: Conversation, call: number): Promise<void> {
  const text = segmentsToText(renderConversationForCompletion(conversation, "assistant", PRODUCT_RENDER_CONFIG));
  await fs.appendFile(file, `===== model call ${call} (${new Date().toISOString()}) =====\n${text}\n`);
}
