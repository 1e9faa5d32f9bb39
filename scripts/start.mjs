// `npm start`: builds the extension, installs code-server if needed (into .cache/), and serves
// VS Code on 127.0.0.1 with the extension loaded from this folder on the sample workspace.
// The profile (settings, chosen model, window state) persists in .cache/start-profile.
// PORT=9000 npm start picks the port; a busy port falls back to a free one. Ctrl+C stops it.
import { spawnSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { ensureCodeServer, repoRoot } from "./code-server/install.mjs";
import { launchCodeServer } from "./code-server/launch.mjs";

const sampleWorkspace = path.join(repoRoot, "test/fixtures/sample-workspace");
const preferredPort = Number(process.env.PORT ?? 8080);

function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

const build = spawnSync(process.execPath, ["esbuild.mjs"], { cwd: repoRoot, stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);

await ensureCodeServer();
const port = (await portIsFree(preferredPort)) ? preferredPort : 0;
if (port === 0) console.log(`Port ${preferredPort} is busy; using a free one.`);

const server = await launchCodeServer({
  name: "start",
  folder: sampleWorkspace,
  port,
  profileDir: path.join(repoRoot, ".cache/start-profile"),
});

const url = server.workbenchUrl({ folder: sampleWorkspace, extensionDevelopmentPath: repoRoot });
console.log(`
gpt-oss Local Assistant is running in VS Code (code-server, pid ${server.pid}).

  Open: ${url}

The activity bar's "gpt-oss Local" icon opens the chat. After a rebuild (npm run build, or
npm run watch in another terminal), reload the browser tab to load the new code.
Logs: ${path.relative(process.cwd(), server.logFile)}. Press Ctrl+C to stop.
`);

let stopping = false;
const stop = async (signal) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping code-server…`);
  await server.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
// Keep this process alive while code-server runs in its own process group.
setInterval(() => {}, 1 << 30);
