// A loopback HTTP file server for download tests: serves one body at every path with Range
// support (206, Content-Range, Accept-Ranges, ETag), and can be told to misbehave the ways real
// servers do: throttle, answer an error status, drop the connection mid-body, lie about the length.
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RangeServerBehaviour {
  /** What every GET and HEAD serves. */
  body: Buffer;
  /** Answer every request with this status and a small HTML page instead of the body. */
  status?: number;
  /** Per-response cap, bytes per second; unset means as fast as the socket takes it. */
  bytesPerSecond?: number;
  /** Destroy the socket once this many body bytes (all responses together, counted from when this was set) were sent. */
  dropAfterBytes?: number;
  /** After a drop, destroy every later connection at once, as a server that went away. */
  deadAfterDrop?: boolean;
  /** Advertise Range support (default true). */
  acceptRanges?: boolean;
  /** Content-Type (default application/octet-stream). */
  contentType?: string;
}

export interface ServedRequest {
  method: string;
  path: string;
  /** The Range header as sent, if any. */
  range: string | undefined;
  /** Body bytes written for this request. */
  bytesSent: number;
}

export interface RangeServer {
  /** `http://127.0.0.1:PORT` + path (default `/model.gguf`). */
  url(path?: string): string;
  /** `http://127.0.0.1:PORT/`, usable as a Hugging Face endpoint. */
  readonly origin: string;
  readonly requests: ServedRequest[];
  /** Body bytes written over all requests. */
  bytesSent(): number;
  /** Changes how later requests are answered (running responses keep their settings). */
  set(behaviour: Partial<RangeServerBehaviour>): void;
  close(): Promise<void>;
}

const CHUNK = 64 * 1024;

export async function startRangeServer(initial: RangeServerBehaviour): Promise<RangeServer> {
  let behaviour: RangeServerBehaviour = { ...initial };
  let totalSent = 0;
  let dropped = false;
  let dropBase = 0;
  const requests: ServedRequest[] = [];

  const server = http.createServer((req, res) => {
    const served: ServedRequest = { method: req.method ?? "GET", path: req.url ?? "/", range: req.headers.range, bytesSent: 0 };
    requests.push(served);
    const b = behaviour;
    if (dropped && b.deadAfterDrop) {
      req.socket.destroy();
      return;
    }
    if (b.status !== undefined) {
      const page = Buffer.from(`<!doctype html><title>${b.status}</title><h1>Error ${b.status}</h1>`);
      res.writeHead(b.status, { "Content-Type": "text/html", "Content-Length": page.length });
      res.end(req.method === "HEAD" ? undefined : page);
      return;
    }
    const size = b.body.length;
    const ranges = b.acceptRanges !== false;
    const headers: http.OutgoingHttpHeaders = {
      "Content-Type": b.contentType ?? "application/octet-stream",
      ETag: `"${etagOf(b.body)}"`,
    };
    if (ranges) headers["Accept-Ranges"] = "bytes";
    let start = 0;
    let end = size - 1;
    const match = ranges ? /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? "") : null;
    if (match && (match[1] || match[2])) {
      if (match[1]) {
        start = Number(match[1]);
        if (match[2]) end = Math.min(Number(match[2]), size - 1);
      } else {
        start = Math.max(0, size - Number(match[2]));
      }
      if (start > end || start >= size) {
        res.writeHead(416, { "Content-Range": `bytes */${size}` });
        res.end();
        return;
      }
      res.writeHead(206, { ...headers, "Content-Range": `bytes ${start}-${end}/${size}`, "Content-Length": end - start + 1 });
    } else {
      res.writeHead(200, { ...headers, "Content-Length": size });
    }
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    void pump(res, b, start, end + 1, (n) => {
      served.bytesSent += n;
      totalSent += n;
    });
  });

  /** Writes body[from, to) in chunks, throttled and possibly cut off; stops when the client goes. */
  async function pump(res: http.ServerResponse, b: RangeServerBehaviour, from: number, to: number, sent: (n: number) => void) {
    let closed = false;
    let wake: (() => void) | undefined;
    res.on("close", () => {
      closed = true;
      wake?.();
    });
    res.on("drain", () => wake?.());
    const started = Date.now();
    let offset = from;
    while (offset < to && !closed) {
      let length = Math.min(CHUNK, to - offset);
      if (b.dropAfterBytes !== undefined) {
        const allowed = b.dropAfterBytes - (totalSent - dropBase);
        if (allowed <= 0) {
          dropped = true;
          res.socket?.destroy();
          return;
        }
        length = Math.min(length, allowed);
      }
      const ok = res.write(b.body.subarray(offset, offset + length));
      offset += length;
      sent(length);
      if (!ok) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      if (b.bytesPerSecond) {
        const due = started + ((offset - from) / b.bytesPerSecond) * 1000;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
    if (!closed) res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}/`;

  return {
    origin,
    url: (path = "/model.gguf") => `http://127.0.0.1:${port}${path.startsWith("/") ? path : `/${path}`}`,
    requests,
    bytesSent: () => totalSent,
    set(change) {
      behaviour = { ...behaviour, ...change };
      if ("dropAfterBytes" in change || change.deadAfterDrop === false) {
        dropped = false;
        dropBase = totalSent;
      }
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const etags = new WeakMap<Buffer, string>();
function etagOf(body: Buffer): string {
  let tag = etags.get(body);
  if (!tag) {
    tag = createHash("sha256").update(body).digest("hex").slice(0, 16);
    etags.set(body, tag);
  }
  return tag;
}
