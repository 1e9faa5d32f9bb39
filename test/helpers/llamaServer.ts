// llama.cpp's own llama-server on the tiny model, for the server backend's tests and benchmark:
// built from the llama.cpp source node-llama-cpp ships (bench/llamaBench.ts, cached under
// .cache/llama.cpp/), started on a free loopback port, stopped by its process id.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { ensureLlamaCppTool } from "../../bench/llamaBench";

export interface RunningLlamaServer {
  url: string;
  process: ChildProcess;
  /** What the server printed (for a failing test's message). */
  output(): string;
  stop(): Promise<void>;
}

export interface LlamaServerOptions {
  model: string;
  contextSize?: number;
  slots?: number;
  threads?: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export async function startLlamaServer(options: LlamaServerOptions): Promise<RunningLlamaServer> {
  const binary = await ensureLlamaCppTool("llama-server", { log: (line) => process.stderr.write(`# ${line}\n`) });
  const port = await freePort();
  const args = ["-m", options.model, "--host", "127.0.0.1", "--port", String(port), "-t", String(options.threads ?? 1), "-c", String(options.contextSize ?? 4096), "-np", String(options.slots ?? 1), "--no-webui"];
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout?.on("data", (data: Buffer) => (log += data.toString()));
  child.stderr?.on("data", (data: Buffer) => (log += data.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`llama-server exited with ${child.exitCode}:\n${log.slice(-2000)}`);
    const ready = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`llama-server did not become healthy in 60 s:\n${log.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    process: child,
    output: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
      }),
  };
}
