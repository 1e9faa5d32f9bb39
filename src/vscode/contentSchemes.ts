// The URI schemes under which the extension serves read-only documents (VS Code's
// TextDocumentContentProvider), in a file of their own: the startup bundle registers a stand-in
// for each (startup/standIns.ts) without loading the features that serve them, so an editor
// restored after a reload, e.g. a checkpoint's Compare, still opens.
export const CONTENT_SCHEMES = {
  /** A file as a checkpoint holds it (agent/checkpoints.ts). */
  checkpoint: "gptoss-checkpoint",
  /** A file with a proposed Fix applied (codeActions/fixReview.ts). */
  fix: "gpt-oss-fix",
  /** A file with the agent's proposed edit applied, before approval (tools/proposedDiff.ts). */
  proposed: "gpt-oss-proposed",
} as const;
