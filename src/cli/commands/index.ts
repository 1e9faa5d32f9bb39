import type { CliCommand } from "../command";
import { infoCommand } from "./info";

/** Every sub-command, in the order `gpt-oss-local help` lists them. */
export const commands: CliCommand[] = [infoCommand];
