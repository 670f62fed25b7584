/**
 * A day of use of the kit's VS Code layer, as a user would live it: two installs, each with our engine model, a
 * fake `vscode` module and its own settings, against the real server over HTTP. Turning sync on (privacy asked
 * for), sessions, a sync code shown and entered (merge), a privacy switch that stops every request at once,
 * export, delete on one install and what the other then says.
 */
import { activateSync, COMMANDS, type SyncKit } from "../src";
import { EngineModel, MementoModel, SecretsModel } from "./engine-model";
import { FakeVscode } from "./fake-vscode";
import { realServer, urlOf } from "./helpers";

const env = realServer();
// The test moves the shared clock; it is put back whether the test passes or fails.
afterEach(() => {
  env.stack.clock.now = new Date("2026-11-24T10:00:00.000Z");
});

const MINUTE = 60_000;

class VsInstall {
  readonly vscode: FakeVscode;
  readonly context = { globalState: new MementoModel(), secrets: new SecretsModel(), subscriptions: [] as Array<{ dispose(): unknown }> };
  readonly engine: EngineModel;
  readonly requests: Array<{ url: string; privacy: unknown }> = [];
  kit!: SyncKit;

  constructor(private readonly clock: { now: Date }, xpBefore: number) {
    this.vscode = new FakeVscode({ "sync.endpoint": env.server.endpoint.replace(/\/api\/v1$/, "") });
    this.engine = new EngineModel("breathMaster.meditationStats", this.context.globalState, () => new Date(clock.now));
    this.engine.addExternalXP(xpBefore);
  }

  activate(): void {
    this.kit = activateSync(this.vscode, this.context, this.engine, {
      client: {
        now: () => new Date(this.clock.now),
        retryBaseMs: 60_000,
        fetch: (input, init) => {
          this.requests.push({ url: urlOf(input), privacy: this.vscode.value("gamification.dataPrivacy") });
          return fetch(input, init);
        },
      },
    });
  }

  get xp(): number {
    return this.engine.getStats().totalXP;
  }

  /** Waits for what the kit started in the background (a sync after a session, a follow-up), then syncs once more. */
  async settle(): Promise<void> {
    await this.kit.idle();
    await this.kit.client.sync();
    await this.kit.idle();
  }
}

test("a day of use on two installs: enable, sessions, pairing, privacy switch, export, delete", async () => {
  const clock = { now: new Date("2026-11-24T08:00:00.000Z") };
  env.stack.clock.now = clock.now;
  const tick = (ms: number) => {
    clock.now = new Date(clock.now.getTime() + ms);
    env.stack.clock.now = clock.now;
  };

  // Morning, install A (300 XP from before sync), settings at the extension's defaults: nothing happens.
  const a = new VsInstall(clock, 300);
  a.activate();
  await a.settle();
  expect(a.requests).toHaveLength(0);
  expect(a.vscode.statusBar.visible).toBe(false);

  // The user turns sync on; privacy is still local-only: the status says so, and nothing is sent.
  await a.vscode.set("sync.enabled", true);
  await a.settle();
  expect(a.requests).toHaveLength(0);
  expect(a.vscode.statusBar.text).toMatch(/privacy is local-only/);

  // Allowing export starts the sync: A's history is on the server.
  await a.vscode.set("gamification.dataPrivacy", "export-allowed");
  await a.settle();
  expect(a.requests.length).toBeGreaterThan(0);
  expect(a.vscode.statusBar.text).toMatch(/Last sync: just now/);

  // A session on A: 60 cycles and a 20 XP bonus; the session's end syncs by itself (frequency "onchange").
  a.engine.breathe(60);
  a.engine.endSession(10 * MINUTE, 20);
  await a.settle();
  tick(5 * MINUTE);
  expect(a.kit.statusText()).toMatch(/Last sync: 5 minutes ago/);

  // Get Sync Code on A: shown, copied.
  a.vscode.answers.push((_prompt, items) => items[0]);
  await a.vscode.run(COMMANDS.getCode);
  const code = a.vscode.clipboardText;
  expect(code).toMatch(/^BM-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  expect(a.vscode.shown.some((m) => m.message.includes(code))).toBe(true);

  // Install B (120 XP, defaults): Enter Sync Code asks to allow export, then how to join (merge), then the code.
  const b = new VsInstall(clock, 120);
  b.activate();
  b.vscode.answers.push("Allow sync", (_prompt, items) => items.find((item) => item.startsWith("Merge")), code);
  await b.vscode.run(COMMANDS.enterCode);
  await b.settle();
  await a.settle();
  expect(b.vscode.settings.get("sync.enabled")).toBe(true);
  expect(b.vscode.shown.some((m) => m.message.includes("now syncs"))).toBe(true);
  expect([a.xp, b.xp]).toEqual([500, 500]);

  // Cancelling a join leaves an install as it was: nothing claimed, nothing sent.
  const c = new VsInstall(clock, 7);
  c.vscode.settings.set("gamification.dataPrivacy", "export-allowed");
  c.activate();
  c.vscode.answers.push(undefined);
  await c.vscode.run(COMMANDS.enterCode);
  expect(c.requests).toHaveLength(0);
  expect(await c.kit.client.isSetUp()).toBe(false);
  c.kit.dispose();

  // Midday on B: privacy back to local-only. A session and Sync Now send nothing, and B says why.
  tick(3 * 60 * MINUTE);
  await b.vscode.set("gamification.dataPrivacy", "local-only");
  const sentBefore = b.requests.length;
  b.engine.breathe(40);
  b.engine.endSession(8 * MINUTE, 0);
  await b.vscode.run(COMMANDS.syncNow);
  expect(b.requests.length).toBe(sentBefore);
  expect(b.vscode.shown.at(-1)?.message).toMatch(/local-only/);
  expect(b.kit.statusText()).toMatch(/privacy is local-only/);

  // Evening: export allowed again; B's afternoon reaches A.
  await b.vscode.set("gamification.dataPrivacy", "export-allowed");
  await b.settle();
  await a.settle();
  expect([a.xp, b.xp]).toEqual([540, 540]);
  expect(a.engine.getStats().todaySessionTime).toBe(18 * MINUTE);

  // Export on A opens the server's JSON.
  await a.vscode.run(COMMANDS.exportData);
  expect(JSON.parse(a.vscode.opened[0]).progress.totals.xp).toBe(540);

  // Delete on B (confirmed): sync off on B. A's next sync meets 410: sync off, the user is told; progress stays.
  b.vscode.answers.push("Delete everywhere");
  await b.vscode.run(COMMANDS.deleteData);
  expect(b.vscode.settings.get("sync.enabled")).toBe(false);
  await a.vscode.run(COMMANDS.syncNow);
  await a.kit.idle();
  expect(a.vscode.settings.get("sync.enabled")).toBe(false);
  expect(a.vscode.shown.some((m) => m.message.includes("was deleted"))).toBe(true);
  expect([a.xp, b.xp]).toEqual([540, 540]);
  expect(a.vscode.statusBar.visible).toBe(false);

  a.kit.dispose();
  b.kit.dispose();
});
