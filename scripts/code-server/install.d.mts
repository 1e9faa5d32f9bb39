// Types for install.mjs, so the TypeScript test harness can import it.
export declare const CODE_SERVER_VERSION: string;
export declare const NODE_MAJOR: string;
/** The repository root (absolute). */
export declare const repoRoot: string;
/** .cache/code-server under the repository root. */
export declare const cacheRoot: string;

export interface CodeServerInstall {
  /** code-server's entry script; run it with `nodeBin`. */
  codeServerBin: string;
  /** The Node 22 binary code-server must run on. */
  nodeBin: string;
  /** That Node's package folder (headers for native builds). */
  nodeDir: string;
  /** code-server's version. */
  version: string;
  /** The Node version, e.g. "v22.23.3". */
  nodeVersion: string;
}

export declare function ensureCodeServer(options?: {
  force?: boolean;
  verbose?: boolean;
  log?: (line: string) => void;
}): Promise<CodeServerInstall>;
