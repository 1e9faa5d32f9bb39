// Checkpoints hook into approval: a change the user (or "Always allow") approved is about to
// happen, so that is the moment to snapshot the workspace, once per user message. Read-only tools
// never get here, so a message that changes nothing takes no checkpoint.
import type { Approver } from "./types";

export interface CheckpointHook {
  /** Takes the message's checkpoint; called at most once per approver. */
  take(): Promise<void>;
  /** The checkpoint could not be taken (no git, over the size limit): the change still goes ahead. */
  failed(error: unknown): void;
}

export function checkpointingApprover(approve: Approver, hook: CheckpointHook): Approver {
  let taken: Promise<void> | undefined;
  return async (request, signal) => {
    const decision = await approve(request, signal);
    if (!decision.approved) return decision;
    taken ??= hook.take().catch((error: unknown) => hook.failed(error));
    await taken;
    return decision;
  };
}
