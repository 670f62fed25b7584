/**
 * firebase.json is read as it is by firebase-tools, so it stays plain JSON; Hosting's header rules cannot share one
 * block, so the page's security headers are written once per rule (the page itself, `/`, the operator console,
 * `/admin/`, and their files). This test
 * makes them one policy: every rule carries the same headers, so a CSP changed in one place and not the other fails.
 */
import fs from "node:fs";
import path from "node:path";

interface HeaderRule {
  source: string;
  headers: Array<{ key: string; value: string }>;
}

const config = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../firebase.json"), "utf8")) as { hosting: { headers: HeaderRule[] } };
const rules = config.hosting.headers;

test("the page, the console and their files are served under one header policy (the CSP included)", () => {
  expect(rules.map((rule) => rule.source)).toEqual(["/", "/admin/", "**/*.@(html|js|css)"]);
  const [first, ...others] = rules.map((rule) => Object.fromEntries(rule.headers.map(({ key, value }) => [key, value])));
  for (const other of others) expect(other).toEqual(first);
  expect(first["Content-Security-Policy"]).toMatch(/^default-src 'none';.*frame-ancestors 'self' vscode-webview:$/);
});

test("no header rule reaches the API, whose own Cache-Control (no-store, or a board's public max-age) must win", () => {
  for (const rule of rules) expect(rule.source.startsWith("/api") || rule.source === "**").toBe(false);
});
