/**
 * Issue 20, the kit's side: it syncs on what `breathMaster.sync.syncFrequency` asks for — `onchange` after each
 * session and at start-up, `hourly` / `daily` when the period has passed and there is something new to send,
 * `manual` only when the user asks — and its "Show Boards" command opens the public page on the user's row.
 * The VS Code layer with a fake vscode module, our engine model, the real server, and timers the test fires.
 */
import { activateSync, COMMANDS, timerDelay, type SyncKit } from "../src";
import { EngineModel, MementoModel, SecretsModel } from "./engine-model";
import { FakeVscode } from "./fake-vscode";
import { ManualTimers, realServer, urlOf } from "./helpers";

const env = realServer();
const HOUR = 3_600_000;

class VsInstall {
  readonly vscode: FakeVscode;
  readonly context = { globalState: new MementoModel(), secrets: new SecretsModel(), subscriptions: [] as Array<{ dispose(): unknown }> };
  readonly engine: EngineModel;
  readonly timers = new ManualTimers();
  readonly posts: string[] = [];
  kit!: SyncKit;

  constructor(readonly clock: { now: Date }, frequency: string) {
    env.stack.clock.now = clock.now; // one clock for the install and the server (lastSync is the server's)
    this.vscode = new FakeVscode({
      "sync.endpoint": env.server.endpoint.replace(/\/api\/v1$/, ""),
      "sync.enabled": true,
      "gamification.dataPrivacy": "export-allowed",
      "sync.syncFrequency": frequency,
    });
    this.engine = new EngineModel("breathMaster.meditationStats", this.context.globalState, () => new Date(clock.now), false);
  }

  async activate(): Promise<void> {
    this.kit = activateSync(this.vscode, this.context, this.engine, {
      client: {
        now: () => new Date(this.clock.now),
        timers: this.timers,
        fetch: (input, init) => {
          if (urlOf(input).endsWith("/sync")) this.posts.push(new Date(this.clock.now).toISOString());
          return fetch(input, init);
        },
      },
    });
    await this.kit.idle();
  }

  /** A session ends (its end fires the kit's onSessionEnded), then the kit's background work settles. */
  async session(minutes: number): Promise<void> {
    this.engine.endSession(minutes * 60_000, 3);
    await this.kit.idle();
  }

  /** The kit's timers come due, and what they started settles. */
  async timePasses(ms: number): Promise<void> {
    this.clock.now = new Date(this.clock.now.getTime() + ms);
    env.stack.clock.now = this.clock.now;
    this.timers.fire();
    await this.kit.idle();
  }
}

const start = () => ({ now: new Date("2026-11-24T08:00:00.000Z") });
afterEach(() => {
  env.stack.clock.now = new Date("2026-11-24T10:00:00.000Z");
});

test("onchange: a sync at start-up and after each session, no timer", async () => {
  const a = new VsInstall(start(), "onchange");
  await a.activate();
  expect(a.posts).toHaveLength(1);
  await a.session(5);
  expect(a.posts).toHaveLength(2);
  expect(a.timers.pending.size).toBe(0);
  a.kit.dispose();
});

test("manual: nothing by itself — not at start-up, not after a session, not on a board choice; Sync Now syncs", async () => {
  const a = new VsInstall(start(), "manual");
  await a.activate();
  await a.session(5);
  await a.vscode.set("leaderboard.enabled", true);
  await a.kit.idle();
  expect(a.posts).toHaveLength(0);
  expect(a.timers.pending.size).toBe(0);
  await a.vscode.run(COMMANDS.syncNow);
  expect(a.posts).toHaveLength(1);
  a.kit.dispose();
});

test("hourly: at start-up, then once an hour when there is something new; an idle hour sends nothing", async () => {
  const a = new VsInstall(start(), "hourly");
  await a.activate();
  expect(a.posts).toHaveLength(1);
  expect([...a.timers.pending.values()].map((t) => t.ms)).toEqual([HOUR]);
  await a.session(5); // no sync after a session
  expect(a.posts).toHaveLength(1);
  await a.timePasses(HOUR);
  expect(a.posts).toHaveLength(2);
  await a.timePasses(HOUR); // an idle hour: the timer looks and sends nothing
  await a.timePasses(HOUR);
  expect(a.posts).toHaveLength(2);
  expect(a.timers.pending.size).toBe(1);
  a.kit.dispose();
  expect(a.timers.pending.size).toBe(0);
});

test("daily: a restart within the day does not sync; one a day later does", async () => {
  const clock = start();
  const a = new VsInstall(clock, "daily");
  await a.activate();
  expect(a.posts).toHaveLength(1);
  a.kit.dispose();
  clock.now = new Date(clock.now.getTime() + 3 * HOUR);
  env.stack.clock.now = clock.now;
  a.engine.endSession(10 * 60_000, 4);
  await a.activate(); // the window reloads 3 hours later: not due yet
  expect(a.posts).toHaveLength(1);
  expect([...a.timers.pending.values()].map((t) => t.ms)).toEqual([21 * HOUR]);
  a.kit.dispose();
  clock.now = new Date(clock.now.getTime() + 22 * HOUR);
  env.stack.clock.now = clock.now;
  await a.activate(); // a day after the last sync: due
  expect(a.posts).toHaveLength(2);
  a.kit.dispose();
});

test("the timer's delay, as documented", () => {
  const now = new Date("2026-11-24T12:00:00Z");
  expect(timerDelay("onchange", undefined, now)).toBeUndefined();
  expect(timerDelay("manual", now, now)).toBeUndefined();
  expect(timerDelay("hourly", undefined, now)).toBe(0);
  expect(timerDelay("hourly", new Date(now.getTime() - 20 * 60_000), now)).toBe(40 * 60_000);
  expect(timerDelay("daily", new Date(now.getTime() - 30 * HOUR), now)).toBe(0);
});

test("Show Boards opens the page on the user's row by anonymousId (never the userId); under local-only nothing opens", async () => {
  const a = new VsInstall(start(), "onchange");
  await a.activate();
  await a.vscode.run(COMMANDS.showBoards);
  const anonymousId = a.kit.client.anonymousId();
  expect(anonymousId).toMatch(/^[a-z]+-[a-z]+-[0-9a-f]{4}$/);
  const origin = new URL(env.server.endpoint).origin;
  expect(a.vscode.external).toEqual([`${origin}/?period=weekly#me=${anonymousId}`]);
  const userId = await a.context.secrets.get("breathMaster.sync.userId");
  expect(a.vscode.external[0]).not.toContain(userId);

  await a.vscode.set("gamification.dataPrivacy", "local-only");
  await a.vscode.run(COMMANDS.showBoards);
  expect(a.vscode.external).toHaveLength(1);
  expect(a.vscode.shown.at(-1)?.message).toMatch(/local-only/);
  a.kit.dispose();
});
