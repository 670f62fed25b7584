/**
 * CORS as the contract puts it: a request without Origin (the extension host, curl) is simply served; VS Code
 * webviews (`vscode-webview://…`) and the configured allow-list get CORS headers; any other origin gets none, so a
 * browser keeps the response from it. Preflights are answered here.
 */
import type { RequestHandler } from "express";

const ALLOWED_HEADERS = "Authorization, Content-Type, X-API-Key, X-Firebase-AppCheck";
const EXPOSED_HEADERS = "RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After";
const METHODS = "GET, POST, PUT, DELETE, OPTIONS";

export function isAllowedOrigin(origin: string, allowList: readonly string[]): boolean {
  return /^vscode-webview:\/\/[a-z0-9-]+$/i.test(origin) || allowList.includes(origin);
}

export function cors(allowList: readonly string[]): RequestHandler {
  return (req, res, next) => {
    res.vary("Origin");
    const origin = req.headers.origin;
    const allowed = typeof origin === "string" && isAllowedOrigin(origin, allowList);
    if (allowed) {
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    }
    if (req.method === "OPTIONS" && req.headers["access-control-request-method"]) {
      if (allowed) {
        res.setHeader("Access-Control-Allow-Methods", METHODS);
        res.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        res.setHeader("Access-Control-Max-Age", "600");
      }
      res.status(204).end();
      return;
    }
    next();
  };
}
