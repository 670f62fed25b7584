/**
 * A client that streams a large chunked upload over a real socket: it shows whether the server stops reading at
 * its limit (and closes the connection) or drains the whole upload. Decided by events (response, socket close,
 * write callbacks), never by timing.
 *
 * - `polite` (curl, browsers): reads the answer while it uploads and stops uploading once an answer came.
 * - `blind`: writes for as long as the server lets it, answer or not (an attacker).
 */
import { request } from "node:http";

export interface UploadOutcome {
  status?: number;
  body: string;
  /** Bytes of the body the socket accepted before the server closed it (or the whole upload). */
  sentBytes: number;
  /** True when the connection ended before the whole upload was written. */
  closedEarly: boolean;
}

export function streamChunkedUpload(url: string, totalBytes: number, mode: "polite" | "blind", chunkBytes = 16 * 1024): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const outcome: UploadOutcome = { body: "", sentBytes: 0, closedEarly: false };
    let finishedWriting = false;
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      outcome.closedEarly = !finishedWriting;
      resolve(outcome);
    };
    const req = request(url, { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" } });
    req.on("response", (res) => {
      outcome.status = res.statusCode;
      if (mode === "polite") res.on("end", () => req.destroy());
      res.setEncoding("utf8");
      res.on("data", (text: string) => (outcome.body += text));
      res.on("error", () => undefined);
    });
    req.on("error", () => undefined); // EPIPE / ECONNRESET once the server closes: expected
    req.on("close", settle);
    // The payload is one JSON string that never ends, so no byte of it is a complete, valid body.
    const chunk = Buffer.alloc(chunkBytes, "a");
    const writeNext = (): void => {
      if (req.destroyed) return;
      if (outcome.sentBytes === 0) {
        req.write('{"data":"');
      }
      if (outcome.sentBytes >= totalBytes) {
        finishedWriting = true;
        req.end('"}');
        return;
      }
      outcome.sentBytes += chunk.length;
      req.write(chunk, (error) => {
        if (error) return;
        // A polite client lets its event loop read between writes (as real clients do); a blind one chains
        // writes back to back, reading only when the socket pushes back.
        if (mode === "polite" && outcome.status === undefined) setImmediate(writeNext);
        else if (mode === "blind") writeNext();
      });
    };
    writeNext();
  });
}
