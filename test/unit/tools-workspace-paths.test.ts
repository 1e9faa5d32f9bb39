// The path policy: a path the model wrote becomes a file inside the workspace folders, or a
// refusal with a code and a message the model can act on. Runs on real folders and symlinks.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { pathToFileURL } from "node:url";
import { PathPolicyError, type PathPolicyCode, type WorkspaceFolderPath } from "../../src/core/tools/workspacePaths";
import { resolveWorkspacePath } from "../../src/node/tools/workspacePaths";

// root/app (folder 'app'), root/lib (folder 'lib'), root/outside (not in the workspace).
const root = realpathSync(mkdtempSync(join(tmpdir(), "gpt-oss-paths-")));
const appDir = join(root, "app");
const libDir = join(root, "lib");
const outsideDir = join(root, "outside");
for (const dir of [join(appDir, "src"), join(libDir, "src"), join(libDir, "docs"), outsideDir]) mkdirSync(dir, { recursive: true });
writeFileSync(join(appDir, "src", "index.ts"), "export {};\n");
writeFileSync(join(appDir, "README.md"), "# app\n");
writeFileSync(join(libDir, "src", "util.ts"), "export {};\n");
writeFileSync(join(libDir, "docs", "guide.md"), "# guide\n");
writeFileSync(join(outsideDir, "secret.txt"), "top secret\n");
symlinkSync(join(appDir, "src"), join(appDir, "inside-link"), "dir");
symlinkSync(outsideDir, join(appDir, "escape-link"), "dir");
symlinkSync(join(outsideDir, "secret.txt"), join(appDir, "secret-link.txt"), "file");
symlinkSync(join(outsideDir, "not-yet.txt"), join(appDir, "dangling-link.txt"), "file");
symlinkSync(join(libDir, "src"), join(appDir, "to-lib"), "dir");
symlinkSync(join(appDir, "loop-b"), join(appDir, "loop-a"));
symlinkSync(join(appDir, "loop-a"), join(appDir, "loop-b"));
symlinkSync(appDir, join(root, "app-alias"), "dir");
writeFileSync(join(appDir, ".env"), "TOKEN=1\n");
symlinkSync(join(appDir, ".env"), join(appDir, "notes.txt"), "file");
after(() => rmSync(root, { recursive: true, force: true }));

const app: WorkspaceFolderPath = { name: "app", path: appDir };
const lib: WorkspaceFolderPath = { name: "lib", path: libDir };

async function refusal(promise: Promise<unknown>): Promise<PathPolicyError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof PathPolicyError, `expected a PathPolicyError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected the path to be refused");
}

async function refusedWith(requested: string, code: PathPolicyCode, folders = [app], mustExist = false): Promise<PathPolicyError> {
  const error = await refusal(resolveWorkspacePath(requested, folders, { mustExist }));
  assert.equal(error.code, code, error.message);
  assert.equal(error.requested, requested);
  return error;
}

test("a relative path resolves inside the workspace folder", async () => {
  const resolved = await resolveWorkspacePath("src/index.ts", [app]);
  assert.deepEqual(resolved, {
    folder: app,
    absolute: join(appDir, "src", "index.ts"),
    relative: "src/index.ts",
    realRelative: "src/index.ts",
  });
});

test("'.', repeated slashes and a trailing slash are normalised away", async () => {
  const resolved = await resolveWorkspacePath(".//src/./", [app]);
  assert.equal(resolved.absolute, join(appDir, "src"));
  assert.equal(resolved.relative, "src");
});

test("the folder itself is '.'", async () => {
  assert.equal((await resolveWorkspacePath(".", [app])).relative, ".");
});

test("'..' that stays inside the folder is collapsed and allowed", async () => {
  assert.equal((await resolveWorkspacePath("src/../README.md", [app])).relative, "README.md");
});

test("'..' that leaves the folder is refused, and the message tells the model what to use instead", async () => {
  const error = await refusedWith("src/../../outside/secret.txt", "outside-workspace");
  assert.equal(
    error.message,
    "src/../../outside/secret.txt is outside the workspace folder 'app'. Use a path inside it, relative to the folder, such as src/index.ts.",
  );
});

test("'..' at the start is refused even when the file exists next door", async () => {
  await refusedWith("../outside/secret.txt", "outside-workspace");
});

test("an absolute path inside the folder is accepted", async () => {
  const resolved = await resolveWorkspacePath(join(appDir, "src", "index.ts"), [app]);
  assert.equal(resolved.relative, "src/index.ts");
});

test("an absolute path outside the folder is refused", async () => {
  await refusedWith(join(outsideDir, "secret.txt"), "outside-workspace");
});

test("/etc/passwd is refused", async () => {
  await refusedWith("/etc/passwd", "outside-workspace");
});

test("a sibling folder sharing the name as a prefix is not inside ('app' vs 'app-alias')", async () => {
  await refusedWith(join(root, "app-alias", "README.md"), "outside-workspace");
});

test("a file:// URI inside the folder is accepted", async () => {
  const uri = pathToFileURL(join(appDir, "src", "index.ts")).href;
  assert.equal((await resolveWorkspacePath(uri, [app])).relative, "src/index.ts");
});

test("a URI of another scheme is refused as invalid", async () => {
  await refusedWith("https://example.com/src/index.ts", "invalid");
});

test("'~' is not expanded: the home folder is outside the workspace", async () => {
  await refusedWith("~/.ssh/id_rsa", "outside-workspace");
});

test("an empty path is refused as invalid", async () => {
  await refusedWith("", "invalid");
});

test("a whitespace-only path is refused as invalid", async () => {
  await refusedWith("   ", "invalid");
});

test("a NUL byte is refused as invalid, and the message shows it escaped", async () => {
  const error = await refusedWith("src/index.ts\u0000.png", "invalid");
  assert.match(error.message, /"src\/index\.ts\\u0000\.png"/);
});

test("a symlinked folder that stays inside is allowed, and the path keeps its lexical form", async () => {
  const resolved = await resolveWorkspacePath("inside-link/index.ts", [app], { mustExist: true });
  assert.equal(resolved.absolute, join(appDir, "inside-link", "index.ts"));
  assert.equal(resolved.relative, "inside-link/index.ts");
});

test("a file reached through a symlinked folder that leaves the workspace is refused", async () => {
  const error = await refusedWith("escape-link/secret.txt", "symlink-escape");
  assert.match(error.message, /symbolic link that leads outside the workspace folder 'app'/);
});

test("a symlinked file pointing outside is refused", async () => {
  await refusedWith("secret-link.txt", "symlink-escape");
});

test("a file not yet created under an escaping symlinked folder is refused too", async () => {
  await refusedWith("escape-link/new-file.txt", "symlink-escape");
});

test("a dangling symlink whose target would be created outside is refused", async () => {
  await refusedWith("dangling-link.txt", "symlink-escape");
});

test("a symlink into another workspace folder is allowed", async () => {
  const resolved = await resolveWorkspacePath("to-lib/util.ts", [app, lib], { mustExist: true });
  assert.equal(resolved.folder, app);
  assert.equal(resolved.relative, "to-lib/util.ts");
});

test("realRelative names the file a symlink really is, so a secret check can see through it", async () => {
  const resolved = await resolveWorkspacePath("notes.txt", [app]);
  assert.equal(resolved.relative, "notes.txt");
  assert.equal(resolved.realRelative, ".env");
});

test("the same symlink into a folder that is not open is refused", async () => {
  await refusedWith("to-lib/util.ts", "symlink-escape", [app]);
});

test("a symlink loop is refused as invalid", async () => {
  const error = await refusedWith("loop-a/x.txt", "invalid");
  assert.match(error.message, /symbolic link loop/);
});

test("a workspace folder opened through a symlink still holds its files", async () => {
  const alias = { name: "app", path: join(root, "app-alias") };
  const resolved = await resolveWorkspacePath("src/index.ts", [alias], { mustExist: true });
  assert.equal(resolved.absolute, join(root, "app-alias", "src", "index.ts"));
});

test("a missing file is fine when creating", async () => {
  const resolved = await resolveWorkspacePath("src/new.ts", [app]);
  assert.equal(resolved.relative, "src/new.ts");
});

test("a missing file is refused as not-found when it must exist", async () => {
  const error = await refusedWith("src/missing.ts", "not-found", [app], true);
  assert.match(error.message, /does not exist in the workspace folder 'app'/);
});

test("multi-root: a path starting with a folder's name resolves in that folder", async () => {
  const resolved = await resolveWorkspacePath("lib/src/util.ts", [app, lib]);
  assert.deepEqual(resolved, {
    folder: lib,
    absolute: join(libDir, "src", "util.ts"),
    relative: "src/util.ts",
    realRelative: "src/util.ts",
  });
});

test("multi-root: the folder's name alone is that folder", async () => {
  const resolved = await resolveWorkspacePath("lib", [app, lib]);
  assert.equal(resolved.folder, lib);
  assert.equal(resolved.relative, ".");
});

test("multi-root: an unprefixed path goes to the folder where it exists", async () => {
  const resolved = await resolveWorkspacePath("docs/guide.md", [app, lib]);
  assert.equal(resolved.folder, lib);
});

test("multi-root: an unprefixed path that exists nowhere is refused and the model is asked to name the folder", async () => {
  const error = await refusedWith("src/new.ts", "invalid", [app, lib]);
  assert.match(error.message, /such as app\/src\/new\.ts/);
});

test("multi-root: a prefixed path cannot climb out with '..'", async () => {
  const error = await refusedWith("lib/../../outside/secret.txt", "outside-workspace", [app, lib]);
  assert.match(error.message, /outside the workspace folders 'app', 'lib'.*such as app\/src\/index\.ts/);
});

test("single root: a leading segment equal to the folder's name is an ordinary subfolder", async () => {
  const resolved = await resolveWorkspacePath("app/src/index.ts", [app]);
  assert.equal(resolved.absolute, join(appDir, "app", "src", "index.ts"));
});

test("nested folders: a file belongs to the innermost workspace folder", async () => {
  const src = { name: "src", path: join(appDir, "src") };
  const resolved = await resolveWorkspacePath(join(appDir, "src", "index.ts"), [app, src]);
  assert.equal(resolved.folder, src);
  assert.equal(resolved.relative, "index.ts");
});

test("case-insensitive matching accepts another spelling of the folder", async () => {
  const resolved = await resolveWorkspacePath(join(appDir, "src").toUpperCase(), [app], { caseSensitive: false });
  assert.equal(resolved.folder, app);
});

test("case-sensitive matching refuses another spelling of the folder", async () => {
  const error = await refusal(resolveWorkspacePath(join(appDir, "src").toUpperCase(), [app], { caseSensitive: true }));
  assert.equal(error.code, "outside-workspace");
});

test("no open folder: every path is refused", async () => {
  await refusedWith("src/index.ts", "outside-workspace", []);
});

test("on POSIX a backslash is a file-name character, so it cannot climb out", { skip: process.platform === "win32" }, async () => {
  const resolved = await resolveWorkspacePath("src\\..\\..\\outside", [app]);
  assert.equal(resolved.absolute, join(appDir, "src\\..\\..\\outside"));
});
