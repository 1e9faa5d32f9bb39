// Attempts to reach outside the workspace or into secret files, through the real tools on a real
// folder: each must be refused with a message the model can act on, and nothing outside or
// secret may be read, written or listed.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { AnyTool } from "../../src/core/tools/contract";
import { createFileTool } from "../../src/core/tools/definitions/createFile";
import { editFileTool } from "../../src/core/tools/definitions/editFile";
import { findFilesTool } from "../../src/core/tools/definitions/findFiles";
import { listDirectoryTool } from "../../src/core/tools/definitions/listDirectory";
import { readFileTool } from "../../src/core/tools/definitions/readFile";
import { runCommandTool } from "../../src/core/tools/definitions/runCommand";
import { searchTextTool } from "../../src/core/tools/definitions/searchText";
import { callTool, makeWorkspace, refusal } from "./tools-fixture";

// Every secret's text contains SECRET, so a leak is easy to spot in any message or result.
const ws = makeWorkspace(
  {
    ws: {
      "src/app.ts": "// reads SECRET-free config\n",
      ".env": "TOKEN=ENV-SECRET\n",
      ".env.local": "TOKEN=LOCAL-SECRET\n",
      ".env.example": "TOKEN=\n",
      "id_rsa": "RSA-SECRET\n",
      "id_rsa.pub": "ssh-rsa public\n",
      "certs/server.pem": "PEM-SECRET\n",
      "deploy/prod.key": "KEY-SECRET\n",
      ".git/config": "[remote]\nurl = https://GIT-SECRET@example.com\n",
      "credentials.json": '{"token": "CRED-SECRET"}\n',
      ".ssh/config": "Host SSH-SECRET\n",
      ".npmrc": "//registry.npmjs.org/:_authToken=NPM-SECRET\n",
      "notes.txt": { link: ".env" },
      "out-link": { link: "../outside" },
      "out-file.txt": { link: "../outside/secret.txt" },
      "dangling.txt": { link: "../outside/not-yet.txt" },
      "config-link": { link: ".ssh" },
    },
  },
  { outside: { "outside/secret.txt": "OUTSIDE-SECRET\n" } },
);
after(() => ws.remove());
const outside = join(ws.root, "outside");
const secretFiles = [".env", ".env.local", "id_rsa", "certs/server.pem", "deploy/prod.key", ".git/config", "credentials.json", ".ssh/config", ".npmrc"];
const originals = new Map(secretFiles.map((file) => [file, ws.read(file)]));

const OUTSIDE = /is outside the workspace folder 'ws'\. Use a path inside it, relative to the folder, such as src\/index\.ts\./;
const SYMLINK = /goes through a symbolic link that leads outside the workspace folder 'ws'/;
const SECRET = /looks like a secret file \(it matches .+\), so tools may not use it\. Do not try another path to the same file/;
const HOME = /points into the home folder \("~" is not expanded\)/;
const MISSING = /does not exist in the workspace folder 'ws'\. Check the spelling/;

const edit = (path: string) => ({ path, edits: [{ old_text: "SECRET", new_text: "pwned" }] });
const create = (path: string) => ({ path, content: "pwned\n" });

const attempts: [string, AnyTool, object, RegExp][] = [
  ["../ out of the folder", readFileTool, { path: "../outside/secret.txt" }, OUTSIDE],
  ["../ after a real folder", readFileTool, { path: "src/../../outside/secret.txt" }, OUTSIDE],
  ["an absolute path outside", readFileTool, { path: join(outside, "secret.txt") }, OUTSIDE],
  ["/etc/passwd", readFileTool, { path: "/etc/passwd" }, OUTSIDE],
  ["~/.ssh/id_rsa", readFileTool, { path: "~/.ssh/id_rsa" }, HOME],
  ["~ alone", listDirectoryTool, { path: "~" }, HOME],
  ["a file:// URI outside", readFileTool, { path: pathToFileURL(join(outside, "secret.txt")).href }, OUTSIDE],
  ["file:///etc/passwd", readFileTool, { path: "file:///etc/passwd" }, OUTSIDE],
  ["a file:// URI with %2e%2e", readFileTool, { path: `${pathToFileURL(ws.dir).href}/%2e%2e/outside/secret.txt` }, OUTSIDE],
  ["a plain %2e%2e (a literal name, not ..)", readFileTool, { path: "%2e%2e/outside/secret.txt" }, MISSING],
  ["an http URL", readFileTool, { path: "https://example.com/secret.txt" }, /is a https: URI, not a file path/],
  ["a NUL byte", readFileTool, { path: "src/app.ts\u0000../../outside/secret.txt" }, /contains a control character \(such as NUL\)/],
  ["backslashes (one odd name on POSIX)", readFileTool, { path: "..\\outside\\secret.txt" }, MISSING],
  ["a symlinked folder out of the workspace", readFileTool, { path: "out-link/secret.txt" }, SYMLINK],
  ["a symlinked file out of the workspace", readFileTool, { path: "out-file.txt" }, SYMLINK],
  [".env", readFileTool, { path: ".env" }, SECRET],
  [".env via ./", readFileTool, { path: "./src/../.env" }, SECRET],
  [".env by absolute path", readFileTool, { path: ws.path(".env") }, SECRET],
  [".env by file:// URI", readFileTool, { path: pathToFileURL(ws.path(".env")).href }, SECRET],
  ["a symlink to .env", readFileTool, { path: "notes.txt" }, SECRET],
  [".env.local", readFileTool, { path: ".env.local" }, SECRET],
  [".ENV in odd case (another file on a case-sensitive FS, refused all the same)", createFileTool, create(".ENV"), SECRET],
  ["id_rsa", readFileTool, { path: "id_rsa" }, SECRET],
  ["a .pem key", readFileTool, { path: "certs/server.pem" }, SECRET],
  ["a .key file", readFileTool, { path: "deploy/prod.key" }, SECRET],
  [".git/config", readFileTool, { path: ".git/config" }, SECRET],
  ["credentials.json", readFileTool, { path: "credentials.json" }, SECRET],
  [".npmrc", readFileTool, { path: ".npmrc" }, SECRET],
  ["a symlinked folder to .ssh", readFileTool, { path: "config-link/config" }, SECRET],
  ["editing .env", editFileTool, edit(".env"), SECRET],
  ["editing through a link to .env", editFileTool, edit("notes.txt"), SECRET],
  ["editing outside by ../", editFileTool, edit("../outside/secret.txt"), OUTSIDE],
  ["editing through a link out", editFileTool, edit("out-file.txt"), SYMLINK],
  ["editing .git/config", editFileTool, edit(".git/config"), SECRET],
  ["creating outside by ../", createFileTool, create("../outside/new.txt"), OUTSIDE],
  ["creating by absolute path outside", createFileTool, create(join(outside, "new.txt")), OUTSIDE],
  ["creating in ~", createFileTool, create("~/new.txt"), HOME],
  ["creating inside a symlinked folder out", createFileTool, create("out-link/new.txt"), SYMLINK],
  ["creating through a dangling link out", createFileTool, create("dangling.txt"), SYMLINK],
  ["creating .env.production", createFileTool, create(".env.production"), SECRET],
  ["creating a private key", createFileTool, create("keys/id_ed25519"), SECRET],
  ["creating a git hook", createFileTool, create(".git/hooks/pre-commit"), SECRET],
  ["listing ..", listDirectoryTool, { path: ".." }, OUTSIDE],
  ["listing /tmp", listDirectoryTool, { path: "/tmp" }, OUTSIDE],
  ["listing a symlinked folder out", listDirectoryTool, { path: "out-link" }, SYMLINK],
  ["listing .git", listDirectoryTool, { path: ".git" }, SECRET],
  ["listing .ssh", listDirectoryTool, { path: ".ssh" }, SECRET],
  ["listing .ssh through a link", listDirectoryTool, { path: "config-link" }, SECRET],
  ["searching outside", searchTextTool, { query: "SECRET", path: "../outside" }, OUTSIDE],
  ["searching a symlinked folder out", searchTextTool, { query: "SECRET", path: "out-link" }, SYMLINK],
  ["searching inside .env", searchTextTool, { query: "SECRET", path: ".env" }, SECRET],
  ["finding files outside", findFilesTool, { pattern: "*", path: "../" }, OUTSIDE],
  ["running a command outside", runCommandTool, { command: "cat secret.txt", cwd: "../outside" }, OUTSIDE],
  ["running a command in .git", runCommandTool, { command: "cat config", cwd: ".git" }, SECRET],
];

test("the table holds at least 30 attempts", () => {
  assert.ok(attempts.length >= 30, `${attempts.length} attempts`);
});

for (const [what, tool, args, expected] of attempts) {
  test(`${tool.name} refuses ${what}`, async () => {
    const error = await refusal(callTool(tool, ws.env, args));
    assert.match(error.message, expected);
    assert.ok(!/[A-Z]+-SECRET/.test(error.message), `the refusal leaks a secret: ${error.message}`);
  });
}

test("after every attempt, nothing outside changed and every secret file is intact", () => {
  assert.deepEqual(readdirSync(outside), ["secret.txt"]);
  assert.equal(readFileSync(join(outside, "secret.txt"), "utf8"), "OUTSIDE-SECRET\n");
  for (const [file, text] of originals) assert.equal(ws.read(file), text, file);
  assert.ok(!existsSync(ws.path(".ENV")) && !existsSync(ws.path(".env.production")) && !existsSync(ws.path("keys")));
});

test("a search over the whole workspace shows no line of any secret file, nor of links to them or out", async () => {
  const result = await callTool(searchTextTool, ws.env, { query: "SECRET", max_results: 500 });
  assert.equal(result.content, '1 matching line in 1 file for "SECRET":\n\nsrc/app.ts:1: // reads SECRET-free config');
});

test("find_files lists no secret file, and templates or public keys stay visible", async () => {
  const result = await callTool(findFilesTool, ws.env, { pattern: "*", max_results: 1000 });
  assert.deepEqual(result.content.split("\n").slice(1), [".env.example", "id_rsa.pub", "src/app.ts"]);
});

test("list_directory names secret files only as marked entries, never their contents", async () => {
  const result = await callTool(listDirectoryTool, ws.env, {});
  assert.match(result.content, /^\.env  \(17 B\)  \[secret: tools may not open it\]$/m);
  assert.match(result.content, /^\.env\.example  \(7 B\)$/m);
  assert.ok(!/[A-Z]+-SECRET/.test(result.content));
});
