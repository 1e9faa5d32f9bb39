// Which workspace files look like secrets. Tools refuse them unless the user allowed them,
// because whatever a tool reads goes into the model's context (and may be echoed back, logged,
// or sent to a file by a later tool call).
//
// Rules (the glob language is in glob.ts):
// - A pattern matches a path, or any folder above it: ".ssh/**" and ".git/**" cover everything
//   under those folders, and a user pattern "private" covers "private/notes.txt", as in .gitignore.
// - Patterns match at any depth unless they start with "/" (then: from the workspace folder root).
// - Matching ignores case on every platform: on case-insensitive file systems (Windows, macOS)
//   ".ENV" *is* ".env", and on Linux refusing ".ENV" too costs little.
// - Built-in patterns may carry exceptions (".env.example" is a template, "id_rsa.pub" is public).
//   The user's allow-list overrides everything, built-in or user pattern.
import { compileGlob, pathSegments, type PathGlob } from "./glob";

export interface SecretPatternSpec {
  readonly pattern: string;
  /** Paths this pattern would match that are not secret after all. */
  readonly unless?: readonly string[];
}

/** The built-in list. Each line says what it catches; keep it readable, it is shown to users. */
export const DEFAULT_SECRET_PATTERNS: readonly SecretPatternSpec[] = [
  // dotenv files, but not the templates projects commit on purpose
  { pattern: ".env" },
  { pattern: ".env.*", unless: [".env.example", ".env.sample", ".env.template", ".env.dist", ".env.defaults"] },
  { pattern: ".env-*", unless: ["*example*", "*sample*", "*template*"] },
  { pattern: ".env_*", unless: ["*example*", "*sample*", "*template*"] },
  { pattern: "*.env", unless: ["*example*", "*sample*", "*template*"] },
  { pattern: ".envrc" }, // direnv: exports tokens, and runs as a script
  // private keys and certificate / key stores
  { pattern: "*.pem" },
  { pattern: "*.key" },
  { pattern: "*.p8" },
  { pattern: "*.p12" },
  { pattern: "*.pkcs12" },
  { pattern: "*.pfx" },
  { pattern: "*.jks" },
  { pattern: "*.keystore" },
  { pattern: "*.kdbx" },
  { pattern: "*.ppk" }, // PuTTY private keys
  { pattern: "*.keytab" },
  { pattern: "*.ovpn" },
  { pattern: "id_rsa*", unless: ["*.pub"] },
  { pattern: "id_dsa*", unless: ["*.pub"] },
  { pattern: "id_ecdsa*", unless: ["*.pub"] },
  { pattern: "id_ed25519*", unless: ["*.pub"] },
  { pattern: "id_xmss*", unless: ["*.pub"] },
  { pattern: ".ssh/**" },
  { pattern: ".gnupg/**" },
  { pattern: "secring.*" },
  // credentials of package managers, cloud CLIs, cluster tools and git
  { pattern: ".npmrc" },
  { pattern: ".yarnrc" },
  { pattern: ".yarnrc.yml" }, // npmAuthToken
  { pattern: ".pypirc" },
  { pattern: ".netrc" },
  { pattern: "_netrc" },
  { pattern: ".pgpass" },
  { pattern: ".my.cnf" },
  { pattern: ".htpasswd" },
  { pattern: ".git-credentials" },
  { pattern: ".gem/credentials" },
  { pattern: ".cargo/credentials" },
  { pattern: ".cargo/credentials.toml" },
  { pattern: ".composer/auth.json" },
  { pattern: ".terraformrc" },
  { pattern: "terraform.rc" },
  { pattern: ".vault-token" },
  { pattern: ".s3cfg" },
  { pattern: ".boto" },
  { pattern: ".dockercfg" },
  { pattern: ".aws/credentials" },
  { pattern: ".aws/config" },
  { pattern: ".azure/**" },
  { pattern: ".config/gcloud/**" },
  { pattern: ".docker/config.json" },
  { pattern: ".kube/config" },
  { pattern: "kubeconfig" },
  { pattern: "*.kubeconfig" },
  { pattern: "credentials" },
  { pattern: "credentials.json" },
  { pattern: "credentials.yml.enc" },
  // cloud service-account and OAuth client keys, as their consoles name the downloads
  { pattern: "*service-account*.json" },
  { pattern: "*service_account*.json" },
  { pattern: "*serviceaccount*.json" },
  { pattern: "application_default_credentials.json" },
  { pattern: "client_secret*.json" },
  // Terraform state holds every resource's secrets in plain text
  { pattern: "*.tfstate" },
  { pattern: "*.tfstate.*" },
  // shell and database histories: passwords typed on command lines
  { pattern: ".bash_history" },
  { pattern: ".zsh_history" },
  { pattern: ".psql_history" },
  { pattern: ".mysql_history" },
  // secrets.* as data files only: "secrets.ts" or "secrets.py" is code, often the code that
  // keeps secrets out, and refusing it would blind the model to ordinary source
  ...["json", "yaml", "yml", "toml", "ini", "env", "txt", "properties", "xml", "conf"].map((ext) => ({ pattern: `secrets.${ext}` })),
  // git internals: config may hold tokens in remote URLs; the rest is nothing a tool should edit
  { pattern: ".git/**" },
];

export interface SecretPolicy {
  /** Extra patterns the user marked as secret (e.g. the gptOss.secretPatterns setting). */
  readonly patterns?: readonly string[];
  /** Patterns the user allowed; a match here overrides every secret pattern. */
  readonly allow?: readonly string[];
}

/** Why a path counts as secret: the pattern that matched and where that pattern came from. */
export interface SecretMatch {
  readonly pattern: string;
  readonly source: "built-in" | "user";
}

interface CompiledSpec {
  readonly glob: PathGlob;
  readonly unless: readonly PathGlob[];
  readonly source: SecretMatch["source"];
}

const FOLD = { caseInsensitive: true } as const;

function compileSpec(spec: SecretPatternSpec, source: SecretMatch["source"]): CompiledSpec {
  return {
    glob: compileGlob(spec.pattern, FOLD),
    unless: (spec.unless ?? []).map((pattern) => compileGlob(pattern, FOLD)),
    source,
  };
}

const BUILT_IN = DEFAULT_SECRET_PATTERNS.map((spec) => compileSpec(spec, "built-in"));

/**
 * Compiles a policy once into a test for many paths (a directory listing checks every entry).
 * Paths are relative to their workspace folder and written with "/" (as workspacePaths returns).
 */
export function createSecretFilter(policy: SecretPolicy = {}): (relativePath: string) => SecretMatch | undefined {
  const specs = [...BUILT_IN, ...(policy.patterns ?? []).map((pattern) => compileSpec({ pattern }, "user"))];
  const allow = (policy.allow ?? []).map((pattern) => compileGlob(pattern, FOLD));
  // Each prefix of a path (the path itself, then each folder above it) gets a verdict: allowed,
  // or the first spec that matches it. The folders' verdicts are cached, combined: a search checks
  // thousands of paths that share a few hundred folders. Most patterns are one segment ("*.pem",
  // ".env"), matched on the last segment alone.
  const verdictOf = (prefix: readonly string[]): Verdict => {
    if (allow.some((glob) => glob.matches(prefix))) return ALLOWED;
    return specs.findIndex((spec) => spec.glob.matches(prefix) && !spec.unless.some((glob) => glob.matches(prefix)));
  };
  const folderVerdicts = new Map<string, Verdict>();
  const folderVerdict = (segments: readonly string[], length: number): Verdict => {
    const key = segments.slice(0, length).join("/");
    let verdict = folderVerdicts.get(key);
    if (verdict === undefined) {
      if (folderVerdicts.size >= MAX_CACHED_FOLDERS) folderVerdicts.clear();
      const above = length > 1 ? folderVerdict(segments, length - 1) : NOT_SECRET;
      verdict = combine(verdictOf(segments.slice(0, length)), above);
      folderVerdicts.set(key, verdict);
    }
    return verdict;
  };
  return (relativePath) => {
    const segments = pathSegments(relativePath);
    if (segments.length === 0) return undefined;
    const above = segments.length > 1 ? folderVerdict(segments, segments.length - 1) : NOT_SECRET;
    const spec = specs[combine(verdictOf(segments), above)];
    return spec ? { pattern: spec.glob.pattern, source: spec.source } : undefined;
  };
}

/**
 * Two prefixes' verdicts as one: an allowed prefix clears the path; else the first spec (in list
 * order) matching any prefix names the reason, as the pattern list reads.
 */
function combine(a: Verdict, b: Verdict): Verdict {
  if (a === ALLOWED || b === ALLOWED) return ALLOWED;
  if (a === NOT_SECRET) return b;
  if (b === NOT_SECRET) return a;
  return Math.min(a, b);
}

/** A prefix's verdict: ALLOWED, NOT_SECRET, or the index of the first spec that matches it. */
type Verdict = number;
const ALLOWED = -2;
const NOT_SECRET = -1;
const MAX_CACHED_FOLDERS = 50_000;

/** The secret pattern `relativePath` matches, or undefined when tools may use it. */
export function isSecretPath(relativePath: string, policy: SecretPolicy = {}): SecretMatch | undefined {
  return createSecretFilter(policy)(relativePath);
}

/** The tool error the model gets for a refused secret: what happened and that asking won't help. */
export function secretRefusalMessage(relativePath: string, match: SecretMatch): string {
  return (
    `${relativePath} looks like a secret file (it matches ${match.pattern}), so tools may not use it. ` +
    `Do not try another path to the same file; if it is really needed, ask the user to allow it in the settings.`
  );
}
