/**
 * Issue 26, item 3: only the user decides where their id goes. `sync.endpoint`, `sync.enabled` and
 * `gamification.dataPrivacy` take effect from the user's own settings (or the default) only — and so does
 * `leaderboard.enabled`, whether their progress shows on the public boards; a workspace's
 * `.vscode/settings.json` (any repository the user opens and trusts) is ignored for them, and the user is told
 * once per session and value. The kit with the fake vscode module (settings in layers, as VS Code keeps them), our
 * engine model, the real server, and a second local server standing in for the workspace's.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { activateSync, COMMANDS, type SyncKit } from "../src";
import { EngineModel, MementoModel, SecretsModel } from "./engine-model";
import { FakeVscode } from "./fake-vscode";
import { realServer, urlOf } from "./helpers";

const env = realServer();

/** The workspace's server: records what reached it, and answers "busy" (so a kit that used it would retry later). */
const other = {
  url: "",
  seen: [] as Array<{ url: string; authorization?: string }>,
  server: http.createServer((request, response) => {
    other.seen.push({ url: request.url ?? "", authorization: request.headers.authorization });
    request.resume();
    response.writeHead(503, { "content-type": "application/json" }).end('{"error":{"code":"unavailable","message":"busy"}}');
  }),
};
beforeAll(async () => {
  await new Promise<void>((resolve) => other.server.listen(0, "127.0.0.1", resolve));
  other.url = `http://127.0.0.1:${(other.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  other.server.closeAllConnections();
  await new Promise((resolve) => other.server.close(resolve));
});
beforeEach(() => {
  other.seen.length = 0;
});

const ours = () => env.server.endpoint.replace(/\/api\/v1$/, "");
const NOTICE = /^This workspace's settings set (.+)\. Breath Master Sync ignores them/;

class VsInstall {
  readonly context = { globalState: new MementoModel(), secrets: new SecretsModel(), subscriptions: [] as Array<{ dispose(): unknown }> };
  readonly engine = new EngineModel("breathMaster.meditationStats", this.context.globalState, () => new Date(env.stack.clock.now), false);
  readonly sent: string[] = [];
  /** The board choice each sync carried (`undefined`: none). */
  readonly boardChoices: Array<boolean | undefined> = [];
  kit!: SyncKit;

  constructor(readonly vscode: FakeVscode) {}

  async activate(): Promise<void> {
    this.kit = activateSync(this.vscode, this.context, this.engine, {
      client: {
        now: () => new Date(env.stack.clock.now),
        retryBaseMs: 3_600_000, // a retry never comes due within a test
        fetch: (input, init) => {
          this.sent.push(urlOf(input));
          if (urlOf(input).endsWith("/sync") && typeof init?.body === "string") {
            this.boardChoices.push((JSON.parse(init.body) as { leaderboard?: { optIn: boolean } }).leaderboard?.optIn);
          }
          return fetch(input, init);
        },
      },
    });
    await this.kit.idle();
  }

  async run(command: string, ...answers: Array<string | undefined | ((prompt: string, items: string[]) => string | undefined)>) {
    this.vscode.answers.push(...answers);
    await this.vscode.run(command);
    await this.kit.idle();
  }

  notices(): string[] {
    return this.vscode.shown.map((m) => NOTICE.exec(m.message)?.[1]).filter((names): names is string => names !== undefined);
  }
}

test("a workspace's sync.endpoint never receives a request with the user's id; the user is told once", async () => {
  // The user syncs with our server; the opened folder's settings point sync elsewhere.
  const vscode = new FakeVscode({ "sync.endpoint": ours(), "sync.enabled": true, "gamification.dataPrivacy": "export-allowed" });
  vscode.workspaceSettings.set("sync.endpoint", other.url);
  const a = new VsInstall(vscode);
  await a.activate();

  // Everything that sends: a session's sync, Sync Now, a sync code, a circle, export, the boards page.
  a.engine.endSession(5 * 60_000, 4);
  await a.kit.idle();
  await a.run(COMMANDS.syncNow);
  await a.run(COMMANDS.getCode, undefined);
  await a.run(COMMANDS.createCircle, undefined);
  await a.run(COMMANDS.exportData);
  await a.run(COMMANDS.showBoards);
  // The workspace's value changes while the window is open: still ignored.
  await vscode.setInWorkspace("sync.endpoint", `${other.url}/api/v1`);
  await a.run(COMMANDS.syncNow);

  expect(other.seen.filter((request) => request.authorization !== undefined)).toEqual([]);
  expect(other.seen).toEqual([]);
  expect(a.kit.client.lastSync()).toBeDefined(); // every sync went to the user's server
  expect(a.sent.length).toBeGreaterThanOrEqual(6);
  expect(a.sent.every((url) => url.startsWith(`${env.server.endpoint}/`))).toBe(true);
  expect(vscode.external.every((url) => url.startsWith(`${new URL(ours()).origin}/`))).toBe(true);
  expect(a.kit.statusText()).toMatch(/Last sync: just now/);

  // Told once for the value found at start-up, once more for the new value: never at each sync.
  expect(a.notices()).toEqual(["breathMaster.sync.endpoint", "breathMaster.sync.endpoint"]);
  await vscode.setInWorkspace("sync.endpoint", `${other.url}/api/v1`); // the same value again: no new notice
  await a.run(COMMANDS.syncNow);
  expect(a.notices()).toHaveLength(2);

  // Nor can a workspace turn the user's sync off: its values are told about, and ignored.
  await vscode.setInWorkspace("sync.enabled", false);
  await vscode.setInWorkspace("gamification.dataPrivacy", "local-only");
  const before = a.sent.length;
  await a.run(COMMANDS.syncNow);
  expect(a.sent.length).toBeGreaterThan(before);
  expect(a.kit.statusText()).toMatch(/Last sync: just now/);
  expect(a.notices()).toEqual(["breathMaster.sync.endpoint", "breathMaster.sync.endpoint", "breathMaster.sync.enabled", "breathMaster.gamification.dataPrivacy"]);
  expect(a.vscode.log().filter((line) => line.includes("This workspace sets"))).toHaveLength(4);
  expect(other.seen).toEqual([]);
  a.kit.dispose();
});

test("a workspace's sync.enabled and dataPrivacy cannot turn sync on: nothing leaves, and the user's own choice still works", async () => {
  // The user never turned sync on (the extension's defaults); the workspace turns it on and allows export.
  const vscode = new FakeVscode({});
  vscode.workspaceSettings.set("sync.enabled", true);
  vscode.workspaceSettings.set("gamification.dataPrivacy", "export-allowed");
  vscode.workspaceSettings.set("sync.endpoint", other.url);
  const a = new VsInstall(vscode);
  await a.activate();
  a.engine.endSession(5 * 60_000, 4);
  await a.kit.idle();
  await a.run(COMMANDS.syncNow);
  await a.run(COMMANDS.showBoards);
  // A change of the workspace's privacy value is no change of the user's: nothing starts, nothing is asked. (A
  // workspace value equal to the user's ignores nothing: no notice; a new ignored value: one more.)
  await vscode.setInWorkspace("gamification.dataPrivacy", "local-only");
  await vscode.setInWorkspace("sync.endpoint", `${other.url}/other`);
  await vscode.setInWorkspace("gamification.dataPrivacy", "export-allowed");
  await a.kit.idle();

  expect(a.sent).toEqual([]);
  expect(other.seen).toEqual([]);
  expect(await a.kit.client.isSetUp()).toBe(false);
  expect(vscode.statusBar.visible).toBe(false);
  expect(vscode.shown.map((m) => m.message)).not.toContainEqual(expect.stringMatching(/allow export/));
  expect(vscode.shown.some((m) => /Sync is off/.test(m.message))).toBe(true);
  expect(vscode.external).toEqual([]);
  expect(a.notices()).toEqual(["breathMaster.sync.enabled, breathMaster.sync.endpoint, breathMaster.gamification.dataPrivacy", "breathMaster.sync.endpoint"]);

  // The user's own choice, with the workspace's values still there: sync goes to the default server's place in
  // the user's settings (here ours), never to the workspace's.
  vscode.answers.push("Allow sync");
  await vscode.set("sync.endpoint", ours());
  vscode.settings.set("gamification.dataPrivacy", "local-only");
  await vscode.set("sync.enabled", true);
  await a.kit.idle();
  expect(a.kit.client.lastSync()).toBeDefined();
  expect(a.sent.every((url) => url.startsWith(`${env.server.endpoint}/`))).toBe(true);
  expect(other.seen).toEqual([]);
  a.kit.dispose();
});

test("a workspace's leaderboard.enabled neither puts the user on the boards nor takes them off", async () => {
  // The user syncs and never chose the boards; the opened folder's settings opt in.
  const vscode = new FakeVscode({ "sync.endpoint": ours(), "sync.enabled": true, "gamification.dataPrivacy": "export-allowed" });
  vscode.workspaceSettings.set("leaderboard.enabled", true);
  const a = new VsInstall(vscode);
  await a.activate();
  a.engine.endSession(5 * 60_000, 4);
  await a.kit.idle();
  await vscode.setInWorkspace("leaderboard.enabled", false);
  await vscode.setInWorkspace("leaderboard.enabled", true);
  await a.run(COMMANDS.syncNow);
  // No sync carried a board choice (the server keeps the user off the boards, its default), and the user was told
  // once (the workspace's `false` equals the value in effect: nothing ignored, nothing to tell).
  expect(a.boardChoices.length).toBeGreaterThanOrEqual(2);
  expect(a.boardChoices.every((choice) => choice === undefined)).toBe(true);
  expect(a.notices()).toEqual(["breathMaster.leaderboard.enabled"]);

  // The user's own choice counts, and the workspace cannot undo it.
  await vscode.set("leaderboard.enabled", true);
  await a.kit.idle();
  expect(a.boardChoices.at(-1)).toBe(true);
  const synced = a.boardChoices.length;
  await vscode.setInWorkspace("leaderboard.enabled", false);
  await a.run(COMMANDS.syncNow);
  expect(a.boardChoices.slice(synced)).toEqual([undefined]); // nothing new to choose: the opt-in stands
  expect(a.notices()).toEqual(["breathMaster.leaderboard.enabled", "breathMaster.leaderboard.enabled"]);
  a.kit.dispose();
});
