/**
 * One structured line per request (Cloud Logging reads JSON on stdout): the route pattern, method, status and
 * latency. Never the URL's values, a header, a body or an IP, so no userId, key or address reaches the logs.
 */
import type { Request, RequestHandler } from "express";

/**
 * `apiBase` is where the feature routers are mounted: Express resets `req.baseUrl` once a router has finished
 * (before an error reply), so the pattern is rebuilt from it rather than read back.
 */
export function requestLog(log: (entry: LogEntry) => void, apiBase: string): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
      log({
        severity: res.statusCode >= 500 ? "ERROR" : "INFO",
        message: "request",
        method: req.method,
        route: routePattern(req, apiBase),
        status: res.statusCode,
        latencyMs: Math.round(latencyMs * 10) / 10,
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

/** The production log sink: one JSON object per line on stdout. */
export function jsonLineLog(entry: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(entry)}\n`);
}
