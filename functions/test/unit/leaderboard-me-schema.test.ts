/** `me` of GET /leaderboard: a place, or why an opted-in caller is not on the board (`hidden: true` exactly for "hidden"). */
import { leaderboardResponseSchema, notOnBoardSchema } from "../../src/leaderboard/leaderboard.schema";

const name = "calm-otter-7f3a";

describe("notOnBoard", () => {
  test.each([
    [{ anonymousId: name, notOnBoard: "no-gain-yet" }, true],
    [{ anonymousId: name, notOnBoard: "hidden", hidden: true }, true],
    [{ anonymousId: name, notOnBoard: "hidden" }, false],
    [{ anonymousId: name, notOnBoard: "no-gain-yet", hidden: true }, false],
    [{ anonymousId: name, notOnBoard: "opted-out" }, false],
    [{ anonymousId: name, notOnBoard: "no-gain-yet", rank: 3 }, false],
  ])("%j → valid: %s", (me, valid) => {
    expect(notOnBoardSchema.safeParse(me).success).toBe(valid);
  });

  test("a response's `me` is a place or a notOnBoard answer", () => {
    const board = { period: "weekly", periodKey: "2026-W49", generatedAt: "2026-12-06T00:00:00.000Z", rankings: [], participants: 0 };
    const place = { rank: 1, xp: 10, anonymousId: name, exact: true, neighbours: [] };
    expect(leaderboardResponseSchema.safeParse({ ...board, me: place }).success).toBe(true);
    expect(leaderboardResponseSchema.safeParse({ ...board, me: { anonymousId: name, notOnBoard: "no-gain-yet" } }).success).toBe(true);
    expect(leaderboardResponseSchema.safeParse({ ...board, me: { anonymousId: name, notOnBoard: "hidden" } }).success).toBe(false);
  });
});
