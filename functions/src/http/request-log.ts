/**
 * One structured line per request, written through firebase-functions' logger (Cloud Logging reads its JSON
 * lines, with their severity): the route pattern, method, status, latency and the request's trace (from
 * X-Cloud-Trace-Context or traceparent), so Logs Explorer groups a request's lines with its trace. Never the URL's
 * values, another header, a body or an IP, so no userId, key or address reaches the logs.
 */
import type { Request, RequestHandler } from "express";
import { write } from "firebase-functions/logger";

/** The field Cloud Logging reads a line's trace from. */
export const TRACE_FIELD = "logging.googleapis.com/trace";

/** `{ [TRACE_FIELD]: "projects/<project>/traces/<id>" }` for a request that carries a trace, else nothing. */
export function traceOf(req: Request): Record<string, string> {
  const project = process.env.GCLOUD_PROJECT ?? process.env.GOOGLE_CLOUD_PROJECT;
  const cloud = /^([0-9a-f]{32})\//i.exec(req.get("x-cloud-trace-context") ?? "");
  const parent = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/i.exec(req.get("traceparent") ?? "");
  const traceId = cloud?.[1] ?? parent?.[1];
  return project && traceId ? { [TRACE_FIELD]: `projects/${project}/traces/${traceId.toLowerCase()}` } : {};
}

/**
 * `apiBase` is where the feature routers are mounted: Express resets `req.baseUrl` once a router has finished
 * (before an error reply), so the pattern is rebuilt from it rather than read back.
 */
export function requestLog(log: (entry: LogEntry) => void, apiBase: string): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const trace = traceOf(req);
    res.on("finish", () => {
      const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
      log({
        severity: res.statusCode >= 500 ? "ERROR" : "INFO",
        message: "request",
        method: req.method,
        route: routePattern(req, apiBase),
        status: res.statusCode,
        latencyMs: Math.round(latencyMs * 10) / 10,
        ...trace,
      });
    });
    next();
  };
}

function routePattern(req: Request, apiBase: string): string {
  const route = req.route as { path?: string } | undefined;
  return route?.path ? `${apiBase}${route.path}` : "(no route)";
}

export type LogEntry = Record<string, unknown> & { severity: "INFO" | "WARNING" | "ERROR"; message: string };

/** Error Reporting takes an ERROR line with this type and a stack in `message` as a report of the error. */
export const REPORTED_ERROR_EVENT = "type.googleapis.com/google.devtools.clouderrorreporting.v1beta1.ReportedErrorEvent";

/**
 * The production log sink: firebase-functions' logger, one JSON line per entry (stdout, ERROR on stderr), which
 * also adds the trace of a scheduled run or of a request it wrapped.
 */
export function platformLog(entry: LogEntry): void {
  write(entry);
}
