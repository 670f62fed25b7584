/**
 * Issue 26, item 4: the kit feels native in VS Code. Requests the user waits for run under progress (prompts never
 * do); the output channel "Breath Master Sync" says what the kit did and why, and never holds an id, a code or a
 * key; the status-bar item has an id, a name and a tooltip and speaks in words (a refusal, offline, this week's
 * place, or why the user is not on the board); the code prompts refuse what cannot be a code, by the server's rule.
 * Two installs with the fake vscode module and our engine model, against the real server.
 */
import { randomBytes } from "node:crypto";
import { activateSync, COMMANDS, rankText, REFUSALS, type SyncKit } from "../src";
import { codeProblem } from "../src/vscode/codes";
import { testConfig } from "../../functions/src/config";
import { codeFromBytes } from "../../functions/src/pairing/pairing.logic";
import { circleCodeFromBytes } from "../../functions/src/circles/circles.logic";
import { EngineModel, MementoModel, SecretsModel } from "./engine-model";
import { FakeVscode } from "./fake-vscode";
import { realServer, urlOf, valueOf } from "./helpers";

const env = realServer();

type Answer = string | undefined | ((prompt: string, items: string[]) => string | undefined);

class VsInstall {
  readonly vscode: FakeVscode;
  readonly context = { globalState: new MementoModel(), secrets: new SecretsModel(), subscriptions: [] as Array<{ dispose(): unknown }> };
  readonly engine = new EngineModel("breathMaster.meditationStats", this.context.globalState, () => new Date(env.stack.clock.now), false);
  /** Replaces the server's answer to a request, when set (a refusal, a network failure, a newer server's body). */
  intercept?: (url: string, init?: RequestInit) => Promise<Response> | undefined;
  /** Whether any prompt was on screen while a progress ran. */
  promptUnderProgress = false;
  kit!: SyncKit;

  constructor(user: Record<string, unknown> = {}) {
    this.vscode = new FakeVscode({ "sync.endpoint": env.server.endpoint.replace(/\/api\/v1$/, ""), ...user });
    const answers = this.vscode.answers;
    this.vscode.answers = new Proxy(answers, {
      get: (target, key, receiver) => {
        if (key === "shift" && this.vscode.running > 0) this.promptUnderProgress = true;
        return Reflect.get(target, key, receiver);
      },
    });
    this.kit = activateSync(this.vscode, this.context, this.engine, {
      client: {
        now: () => new Date(env.stack.clock.now),
        retryBaseMs: 3_600_000,
        fetch: (input, init) => this.intercept?.(urlOf(input), init) ?? fetch(input, init),
      },
    });
  }

  async run(command: string, ...answers: Answer[]) {
    this.vscode.answers.push(...answers);
    await this.vscode.run(command);
    await this.kit.idle();
  }
}

const refusal = (status: number, code: string) => Promise.resolve(new Response(JSON.stringify({ error: { code, message: "refused" } }), { status }));

test("a day with the kit: progress on every request, an output channel without ids or codes, a status bar in words", async () => {
  const a = new VsInstall();
  const b = new VsInstall();
  expect(a.vscode.statusBar).toMatchObject({ id: "breathMaster.sync.status", name: "Breath Master Sync", visible: false });

  // A turns sync on with a code, makes a circle; B joins both. Every request under progress, no prompt inside one.
  await a.run(COMMANDS.getCode, "Allow sync", "Copy code");
  const syncCode = a.vscode.clipboardText;
  await a.run(COMMANDS.createCircle, "Copy code");
  const circleCode = a.vscode.clipboardText;
  await b.run(COMMANDS.enterCode, "Allow sync", (_prompt, items) => items.find((item) => item.startsWith("Merge")), syncCode.toLowerCase());
  await b.run(COMMANDS.joinCircle, circleCode);
  a.engine.endSession(10 * 60_000, 20);
  await a.kit.idle();
  await a.run(COMMANDS.syncNow);
  await fetch(`${env.server.endpoint}/admin/jobs/leaderboards`, { method: "POST", headers: { "x-admin-key": testConfig().adminApiKey } });
  await a.run(COMMANDS.showCircle, (_prompt, items) => items[0]);
  await a.run(COMMANDS.exportData);
  // What must never reach the log, read while the id still works.
  const secrets = [
    syncCode,
    syncCode.slice(3),
    circleCode,
    circleCode.slice(3),
    testConfig().adminApiKey,
    a.kit.client.anonymousId(),
    ...valueOf(await a.kit.client.circles.list()).map((circle) => circle.circleId),
    ...(await Promise.all([a, b].map((install) => install.context.secrets.get("breathMaster.sync.userId")))),
  ].filter((value): value is string => typeof value === "string" && value.length > 0);
  expect(secrets).toHaveLength(9); // both installs hold the one userId
  await b.run(COMMANDS.deleteData, "Delete everywhere");
  await a.run(COMMANDS.syncNow);

  expect(a.vscode.progress).toEqual(
    expect.arrayContaining(["Getting a sync code…", "Creating a circle…", "Syncing Breath Master progress", "Reading your circles…", "Exporting your synced data…"]),
  );
  expect(b.vscode.progress).toEqual(expect.arrayContaining(["Joining your other device…", "Joining the circle…", "Deleting your synced progress…"]));
  expect(a.promptUnderProgress || b.promptUnderProgress).toBe(false);
  expect(b.vscode.shown.some((m) => m.message.includes("now syncs"))).toBe(true);

  // The log says what happened and why...
  const logs = [...a.vscode.log(), ...b.vscode.log()];
  expect(a.vscode.log()[0]).toMatch(/^\[\d{4}-\d\d-\d\dT[\d:.]+Z\] Started: sync off, data privacy local-only, frequency onchange, server http:\/\/127\.0\.0\.1:\d+\.$/);
  expect(a.vscode.log().join("\n")).toMatch(/Sync code made[\s\S]*Circle “.+” created[\s\S]*Synced \(asked by the user\)[\s\S]*deleted \(from another device\)/);
  expect(b.vscode.log().join("\n")).toMatch(/Joined another device's synced progress with a sync code \(merge\)[\s\S]*Joined circle[\s\S]*deleted on the server/);
  // ...and never holds an id, a code or a key (the log is what users paste into bug reports).
  for (const line of logs) for (const secret of secrets) expect(line.toLowerCase()).not.toContain(secret.toLowerCase());
  expect(logs.join("\n")).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|B[MC]-[A-Z0-9]{4}-[A-Z0-9]{4}/i);
  a.kit.dispose();
  b.kit.dispose();
});

test("the status bar in words: a refusal, offline, this week's place, and why the user is not on the board", async () => {
  const a = new VsInstall({ "sync.enabled": true, "gamification.dataPrivacy": "export-allowed", "leaderboard.enabled": true, "leaderboard.showInStatusBar": true });
  await a.kit.idle();
  expect(a.vscode.statusBar.text).toMatch(/^\$\(sync\) Last sync: just now/);
  expect(a.vscode.statusBar.tooltip).toBe("Breath Master Sync. Last sync: just now. Click to sync now.");

  // The server refuses (400): words, not a bare code; the tooltip says where to read more.
  a.intercept = (url) => (url.endsWith("/sync") ? refusal(400, "invalid_request") : undefined);
  a.engine.endSession(60_000, 1);
  await a.kit.idle();
  expect(a.vscode.statusBar.text).toBe("$(warning) Not synced: the server did not accept this device's data");
  expect(String(a.vscode.statusBar.tooltip)).toMatch(/Click to try again; the output "Breath Master Sync" says more/);
  expect(a.vscode.log().at(-1)).toMatch(/Sync refused by the server \(after a session\): invalid_request, not retried\.$/);
  // Sync Now, refused: an error message whose "Show Log" opens the output channel.
  a.vscode.errorAnswer = "Show Log";
  await a.run(COMMANDS.syncNow);
  expect(a.vscode.shown.at(-1)).toEqual({ kind: "error", message: "Sync failed: refused" });
  expect(a.vscode.outputShown).toBe(1);

  // No answer: offline, retried by itself.
  a.intercept = () => Promise.reject(new TypeError("fetch failed"));
  await a.run(COMMANDS.syncNow);
  expect(a.vscode.statusBar.text).toMatch(/^\$\(cloud\) Last sync: just now · offline/);

  // Back online; the board's `me` as the server is gaining it: opted in, no gain yet this week / hidden.
  for (const [notOnBoard, words] of [
    ["no-gain-yet", "not on this week's board yet (no XP this week)"],
    ["hidden", "hidden from this week's board"],
  ] as const) {
    a.intercept = (url, init) =>
      url.includes("/leaderboard?")
        ? fetch(url, init).then(async (response) => {
            const body = (await response.json()) as Record<string, unknown>;
            const me = { anonymousId: a.kit.client.anonymousId(), notOnBoard, ...(notOnBoard === "hidden" ? { hidden: true } : {}) };
            return new Response(JSON.stringify({ ...body, me }), { status: response.status });
          })
        : undefined;
    await a.run(COMMANDS.syncNow);
    expect(a.vscode.statusBar.text).toBe(`$(sync) Last sync: just now · ${words}`);
  }
  a.kit.dispose();
});

test("every refusal has words; a place reads as a place", () => {
  for (const words of Object.values(REFUSALS)) expect(words).toMatch(/^[a-z][a-z' ]+[a-z]$/);
  expect(rankText(undefined)).toBeUndefined();
  expect(rankText({ rank: 17, xp: 90, anonymousId: "calm-otter-7f3a", exact: true, neighbours: [] })).toBe("#17 this week");
  expect(rankText({ rank: 1240, xp: 3, anonymousId: "calm-otter-7f3a", exact: false, neighbours: [] })).toBe("≈ #1,240 this week");
});

test("the code prompts accept every code the server makes, in any case and spacing, and nothing else", () => {
  for (let i = 0; i < 200; i++) {
    const [sync, circle] = [codeFromBytes(randomBytes(5)), circleCodeFromBytes(randomBytes(5))];
    expect([codeProblem("sync", sync), codeProblem("sync", sync.toLowerCase().replace(/-/g, " ")), codeProblem("circle", circle)]).toEqual([undefined, undefined, undefined]);
    expect(codeProblem("sync", circle)).toMatch(/^A sync code looks like BM-XXXX-XXXX/);
    expect(codeProblem("circle", sync)).toMatch(/^A circle's invite code looks like BC-XXXX-XXXX/);
  }
  for (const bad of ["BM-1234-5678", "BM-ABCD-EFG", "BM-ABCD-EFGH-J", "hello", "BM-OOOO-IIII"]) expect(codeProblem("sync", bad)).toBeDefined();
  expect(codeProblem("sync", "")).toBeUndefined(); // nothing typed yet: no message
});
