/**
 * The kit's circle commands (contract "Circles") on two installs with the fake vscode module and our engine
 * model, against the real server: create and copy the code, join with it (asked to allow export first under
 * local-only; declining sends nothing), show the circle's board in an editor, leave.
 */
import { activateSync, boardText, COMMANDS, type SyncKit } from "../src";
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
  const board = a.vscode.opened.at(-1) ?? "";
  expect(board).toContain(`| ${a.kit.client.anonymousId()} (you) |`);
  expect(board).toContain(`| ${b.kit.client.anonymousId()} |`);

  // B leaves (confirmed): its list is empty, and A's circle has one member.
  await b.run(COMMANDS.leaveCircle, (_prompt, items) => items[0], "Leave");
  expect(await b.kit.client.circles.list()).toEqual({ ok: true, value: [] });
  expect(valueOf(await a.kit.client.circles.list()).map((c) => c.members)).toEqual([1]);

  // A wrong code says so.
  await b.run(COMMANDS.joinCircle, "BC-AAAA-AAAA");
  expect(b.vscode.shown.at(-1)?.message).toMatch(/opens no circle/);
  a.kit.dispose();
  b.kit.dispose();
});

test("a board as text marks only the user's row", () => {
  const text = boardText({
    circleId: "c1",
    name: "Misty Grove 7f3a",
    period: "weekly",
    periodKey: "2026-W48",
    generatedAt: "2026-11-24T10:00:00.000Z",
    rankings: [
      { rank: 1, xp: 40, anonymousId: "calm-otter-1a2b" },
      { rank: 2, xp: 12, anonymousId: "brave-fern-3c4d" },
    ],
    participants: 2,
    members: 3,
    me: { rank: 2, xp: 12, anonymousId: "brave-fern-3c4d" },
  });
  expect(text).toContain("| 2 | brave-fern-3c4d (you) | 12 |");
  expect(text).toContain("| 1 | calm-otter-1a2b | 40 |");
  expect(text).toContain("2 of 3 members scored");
});
