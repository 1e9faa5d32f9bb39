import type { CliCommand } from "../command";
import { chatCommand } from "./chat";
import { checkpointsCommand } from "./checkpoints";
import { conformanceCommand } from "./conformance";
import { infoCommand } from "./info";
import { parseCommand } from "./parse";
import { renderCommand } from "./render";

/** Every sub-command, in the order `gpt-oss-local help` lists them. */
export const commands: CliCommand[] = [chatCommand, checkpointsCommand, infoCommand, renderCommand, parseCommand, conformanceCommand];
