/**
 * The kit's circle commands (contract "Circles") on two installs with the fake vscode module and our engine
 * model, against the real server: create and copy the code, join with it (asked to allow export first under
 * local-only; declining sends nothing), show the circle's board in an editor, a new invite code, leave.
 */
import { activateSync, boardHtml, COMMANDS, localDay, type SyncKit } from "../src";
import { testConfig } from "../../functions/src/config";
import { EngineModel, MementoModel, SecretsModel } from "./engine-model";
import { FakeVscode } from "./fake-vscode";
import { realServer, urlOf, valueOf } from "./helpers";

const env = realServer();

class VsInstall {
  readonly vscode = new FakeVscode({ "sync.endpoint": env.server.endpoint.replace(/\/api\/v1$/, "") });
  readonly context = { globalState: new MementoModel(), secrets: new SecretsModel(), subscriptions: [] as Array<{ dispose(): unknown }> };
  readonly engine = new EngineModel("breathMaster.meditationStats", this.context.globalState, () => new Date(env.stack.clock.now), false);
  readonly requests: string[] = [];
  readonly kit: SyncKit;

  constructor() {
    this.kit = activateSync(this.vscode, this.context, this.engine, {
      client: {
        now: () => new Date(env.stack.clock.now),
        fetch: (input, init) => {
          this.requests.push(urlOf(input));
          return fetch(input, init);
        },
      },
    });
  }

  async run(command: string, ...answers: Array<string | undefined | ((prompt: string, items: string[]) => string | undefined)>) {
    this.vscode.answers.push(...answers);
    await this.vscode.run(command);
    await this.kit.idle();
  }
}

test("create, copy, join (export asked first), show the board, leave", async () => {
  const a = new VsInstall();
  const b = new VsInstall();
  // A: privacy is local-only and sync off (the extension's defaults): creating asks first, then turns sync on.
  await a.run(COMMANDS.createCircle, "Allow sync", "Copy code");
  const code = a.vscode.clipboardText;
  expect(code).toMatch(/^BC-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  // The code's last day, in the user's local days: CIRCLE_CODE_DAYS after now.
  const lastDay = localDay(new Date(env.stack.clock.now.getTime() + testConfig().circleCodeDays * 86_400_000));
  expect(a.vscode.shown.at(-1)?.message).toBe(`Your circle “${valueOf(await a.kit.client.circles.list())[0].name}”: invite with the code ${code} (it opens the circle until ${lastDay}).`);
  expect(a.vscode.settings.get("sync.enabled")).toBe(true);

  // B declines first: nothing is sent, and B is told so.
  await b.run(COMMANDS.joinCircle, undefined);
  expect(b.requests).toHaveLength(0);
  expect(b.vscode.shown.at(-1)?.message).toMatch(/Nothing is sent/);
  await b.run(COMMANDS.joinCircle, "Allow sync", code);
  expect(b.vscode.shown.at(-1)?.message).toMatch(/You joined “.+”/);

  // Both practise and sync; the boards are rebuilt; A's board shows both, A's own row marked.
  a.engine.endSession(10 * 60_000, 30);
  b.engine.endSession(5 * 60_000, 12);
  await a.kit.syncNow();
  await b.kit.syncNow();
  await fetch(`${env.server.endpoint}/admin/jobs/leaderboards`, { method: "POST", headers: { "x-admin-key": testConfig().adminApiKey } });
  await a.run(COMMANDS.showCircle, (_prompt, items) => items[0]);
  const panel = a.vscode.panels.at(-1)!;
  const board = panel.webview.html;
  expect(board).toContain(`<tr class="me" aria-current="true"><td class="rank">1</td><td>${a.kit.client.anonymousId()} (you)</td>`);
  expect(board).toContain(`<td>${b.kit.client.anonymousId()}</td>`);
  expect(a.vscode.opened).toEqual([]); // no raw Markdown document
  // The panel runs nothing and loads nothing; the user's id is nowhere in it.
  expect(panel.options).toMatchObject({ enableScripts: false, enableForms: false, localResourceRoots: [] });
  expect(board).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-[0-9a-f]{32}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'">/);
  expect(board).not.toContain(await a.context.secrets.get("breathMaster.sync.userId"));
  expect(board).not.toMatch(/<script|https?:|src=/i);
  // Shown again: the same panel, refreshed; closed by the user, a new one next time.
  await a.run(COMMANDS.showCircle, (_prompt, items) => items[0]);
  expect(a.vscode.panels).toHaveLength(1);
  panel.dispose();
  await a.run(COMMANDS.showCircle, (_prompt, items) => items[0]);
  expect(a.vscode.panels).toHaveLength(2);
  expect(a.vscode.progress).toEqual(expect.arrayContaining(["Creating a circle…", "Reading your circles…", expect.stringMatching(/^Reading “.+”'s board…$/)]));

  // B leaves (confirmed): its list is empty, and A's circle has one member.
  await b.run(COMMANDS.leaveCircle, (_prompt, items) => items[0], "Leave");
  expect(await b.kit.client.circles.list()).toEqual({ ok: true, value: [] });
  expect(valueOf(await a.kit.client.circles.list()).map((c) => c.members)).toEqual([1]);

  // A code of the right shape that opens nothing says so; one of the wrong shape is refused as it is typed.
  await b.run(COMMANDS.joinCircle, "bc aaaa aaaa");
  expect(b.vscode.shown.at(-1)?.message).toMatch(/opens no circle/);
  const sent = b.requests.length;
  await b.run(COMMANDS.joinCircle, "BM-AAAA-AAAA");
  await b.run(COMMANDS.joinCircle, "BC-AAAA-AAA0");
  expect(b.requests).toHaveLength(sent);
  expect(b.vscode.refusedInputs.map((r) => r.message)).toEqual([
    "A circle's invite code looks like BC-XXXX-XXXX: 8 letters and digits (no 0, O, 1 or I).",
    "A circle's invite code looks like BC-XXXX-XXXX: 8 letters and digits (no 0, O, 1 or I).",
  ]);
  a.kit.dispose();
  b.kit.dispose();
});

test("a board in the webview marks only the user's row, escapes what it shows, and says who is missing", () => {
  const board = {
    circleId: "c1",
    name: "Misty <Grove> 7f3a",
    period: "weekly" as const,
    periodKey: "2026-W48",
    generatedAt: "2026-11-24T10:00:00.000Z",
    rankings: [
      { rank: 1, xp: 40, anonymousId: "calm-otter-1a2b" },
      { rank: 2, xp: 12, anonymousId: "brave-fern-3c4d" },
    ],
    participants: 2,
    members: 3,
    me: { rank: 2, xp: 12, anonymousId: "brave-fern-3c4d" },
  };
  const html = boardHtml(board, "n0nce");
  expect(html).toContain('<tr class="me" aria-current="true"><td class="rank">2</td><td>brave-fern-3c4d (you)</td><td class="xp">12</td></tr>');
  expect(html).toContain('<tr><td class="rank">1</td><td>calm-otter-1a2b</td><td class="xp">40</td></tr>');
  expect(html).toContain("2 of 3 members gained XP this week.");
  expect(html).toContain("<h1>Misty &lt;Grove&gt; 7f3a: this week</h1>");
  expect(html).toContain('<style nonce="n0nce">');
  expect(html).not.toContain("not on this board yet");
  expect(boardHtml({ ...board, me: undefined }, "n")).toContain("You are not on this board yet: practise this week to appear.");
  expect(boardHtml({ ...board, rankings: [], participants: 0, me: undefined }, "n")).toContain("Nobody in this circle has gained XP this week yet.");
});

test("the creator makes a new invite code (confirmed): the old one stops working, members stay; others cannot", async () => {
  const a = new VsInstall();
  const b = new VsInstall();
  const c = new VsInstall();
  await a.run(COMMANDS.createCircle, "Allow sync", "Copy code");
  const old = a.vscode.clipboardText;
  await b.run(COMMANDS.joinCircle, "Allow sync", old);

  // Not confirmed: no code is made (only the list was read).
  const before = a.requests.length;
  await a.run(COMMANDS.newCircleCode, (_prompt, items) => items[0], undefined);
  expect(a.requests.slice(before).map((url) => new URL(url).pathname)).toEqual(["/api/v1/circles"]);
  // Confirmed: a new code, shown with its last day and copied.
  await a.run(COMMANDS.newCircleCode, (_prompt, items) => items[0], "New code", "Copy code");
  const fresh = a.vscode.clipboardText;
  expect(fresh).toMatch(/^BC-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  expect(fresh).not.toBe(old);
  expect(a.vscode.shown.at(-1)?.message).toMatch(/^“.+”: invite with the new code BC-[A-Z0-9]{4}-[A-Z0-9]{4} \(it opens the circle until \d{4}-\d\d-\d\d\)\.$/);
  expect(a.vscode.progress).toContainEqual(expect.stringMatching(/^Making a new code for “.+”…$/));

  // The old code opens nothing (and says what may have happened); the new one does; B is still a member.
  await c.run(COMMANDS.joinCircle, "Allow sync", old);
  expect(c.vscode.shown.at(-1)?.message).toBe("That code opens no circle: it may have been replaced, or be too old. Ask the circle's creator for a new one.");
  await c.run(COMMANDS.joinCircle, fresh);
  expect(valueOf(await a.kit.client.circles.list()).map((circle) => circle.members)).toEqual([3]);

  // B is a member, not the creator: told so, and nothing is asked of the server but the list.
  const sent = b.requests.length;
  await b.run(COMMANDS.newCircleCode);
  expect(b.vscode.shown.at(-1)?.message).toBe("Only a circle's creator makes its invite codes, and you created none of your circles.");
  expect(b.requests.slice(sent).map((url) => new URL(url).pathname)).toEqual(["/api/v1/circles"]);
  for (const install of [a, b, c]) install.kit.dispose();
});
