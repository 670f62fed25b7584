/**
 * Our engine model alone (no server, no extension code): it pins the engine behaviours we confirmed by driving the
 * real v0.3.5 engine with the same steps (docs/client-fuzz.md, "Our engine model against the real engine"), so
 * that a change to the model that would make it kinder than the real engine fails here first.
 */
import fc from "fast-check";
import { EngineChallengeModel, EngineChallengeType, EngineModel, EngineStats, MementoModel } from "./engine-model";

const KEY = "breathMaster.meditationStats";
const MINUTE = 60_000;

/** A device: a Memento, a settable local clock, and an engine built on them (v0.3.5: no replaceStats). */
function device(start: Date) {
  const memento = new MementoModel();
  const clock = { now: start };
  const make = () => new EngineModel(KEY, memento, () => new Date(clock.now.getTime()), false);
  const d = {
    memento,
    clock,
    engine: make(),
    at(y: number, mo: number, day: number, h: number, mi = 0) {
      clock.now = new Date(y, mo - 1, day, h, mi);
    },
    advance(minutes: number) {
      clock.now = new Date(clock.now.getTime() + minutes * MINUTE);
    },
    restart() {
      d.engine = make();
    },
    stored: () => memento.get(KEY) as EngineStats,
    /** A session run through the engine's own methods: start, `cycles` breaths, `minutes` of clock, End Session. */
    session(minutes: number, cycles = 0, goal = 5) {
      d.engine.startSession(goal);
      for (let i = 0; i < cycles; i++) d.engine.onBreathingCycleComplete();
      d.advance(minutes);
      return d.engine.endSessionCommand();
    },
    /** What a kit does to hand the engine a list: write the key with lastChallengeDate = the local day, reload. */
    serve(challenges: EngineChallengeModel[]) {
      void memento.update(KEY, { ...(memento.get(KEY) as EngineStats), lastChallengeDate: clock.now.toDateString(), dailyChallenges: challenges });
      d.engine.reloadFromStorage();
    },
  };
  return d;
}

function challenge(type: EngineChallengeType, target: number, rewardXP: number, extra: Partial<EngineChallengeModel> = {}): EngineChallengeModel {
  return {
    id: `served-${type}-${target}`,
    date: "2026-12-01",
    type,
    target,
    rewardXP,
    availableFrom: new Date(2026, 11, 1, 0, 0).getTime(),
    title: type,
    description: `${type} ${target}`,
    eonMessage: "",
    completionMessage: "",
    ...extra,
  };
}

const DEC1 = (h: number, mi = 0) => new Date(2026, 11, 1, h, mi);

describe("auto-completion, per type, as the engine decides it", () => {
  test("cycles: today's cycles (the running session's and those of sessions started today) reach the target", () => {
    const d = device(DEC1(9));
    d.serve([challenge("cycles", 10, 7)]);
    expect(d.session(2, 9).completed).toEqual([]);
    expect(d.session(2, 1).completed.map((c) => c.id)).toEqual(["served-cycles-10"]);
  });

  test("minutes: whole minutes of todaySessionTime reach the target", () => {
    const d = device(DEC1(9));
    d.serve([challenge("minutes", 5, 12)]);
    expect(d.session(4).completed).toEqual([]);
    const xp = d.engine.getStats().totalXP;
    expect(d.session(1).completed.map((c) => c.rewardXP)).toEqual([12]);
    // The reward, plus the goal bonus of 1 minute of a 5-minute goal: round(1/5 × 5 × 0.5) = round(0.5) = 1.
    expect(d.engine.getStats().totalXP - xp).toBe(12 + 1);
  });

  test("deep_session: one session that started today lasted the target's whole minutes", () => {
    const d = device(DEC1(9));
    d.serve([challenge("deep_session", 20, 40)]);
    expect(d.session(19).completed).toEqual([]);
    expect(d.session(19).completed).toEqual([]); // 38 minutes today, but no single session of 20
    expect(d.session(20).completed.map((c) => c.id)).toEqual(["served-deep_session-20"]);
  });

  test("deep_session: a session that started yesterday does not count, even if it ended today", () => {
    const d = device(new Date(2026, 10, 30, 23, 50));
    d.engine.startSession(30);
    d.advance(25); // 00:15 on Dec 1
    d.serve([challenge("deep_session", 20, 40)]);
    expect(d.engine.endSessionCommand().completed).toEqual([]);
  });

  test("morning_breath ignores its target: one 2-minute session before noon pays a '7 minutes before noon'", () => {
    const d = device(DEC1(9));
    d.serve([challenge("morning_breath", 7, 26)]);
    expect(d.session(2).completed.map((c) => c.rewardXP)).toEqual([26]);
  });

  test("morning_breath: not at noon or after, whatever was practised", () => {
    const d = device(DEC1(11, 50));
    d.serve([challenge("morning_breath", 1, 26)]);
    expect(d.session(10).completed).toEqual([]); // ends 12:00
  });

  test("evening_flow ignores its target, and pays only from 18:00 on", () => {
    const d = device(DEC1(17, 40));
    d.serve([challenge("evening_flow", 30, 15)]);
    expect(d.session(10).completed).toEqual([]); // 17:50
    d.at(2026, 12, 1, 18, 0);
    expect(d.engine.checkChallengeAutoCompletion().map((c) => c.rewardXP)).toEqual([15]); // sessionsToday > 0 is enough
  });

  test("streak ignores its target: 'streak reaches 3' pays on a first day (streak 1)", () => {
    const d = device(DEC1(9));
    d.serve([challenge("streak", 3, 30)]);
    const { completed } = d.session(2);
    expect(d.engine.getStats().currentStreak).toBe(1);
    expect(completed.map((c) => c.rewardXP)).toEqual([30]);
  });

  test("only available challenges: not before availableFrom, and never without one", () => {
    const d = device(DEC1(9));
    d.serve([challenge("morning_breath", 1, 15, { availableFrom: DEC1(11).getTime() }), challenge("streak", 1, 20, { id: "no-start", availableFrom: undefined as unknown as number })]);
    expect(d.session(5).completed).toEqual([]);
    d.at(2026, 12, 1, 11, 0);
    expect(d.engine.checkChallengeAutoCompletion().map((c) => c.rewardXP)).toEqual([15]);
    expect(d.engine.getAvailableChallenges()).toEqual([]);
    expect(d.engine.completeChallenge("no-start").xpAwarded).toBe(20); // by hand it still pays
  });

  test("auto-completion runs only when called: ending a session by the engine method alone pays nothing", () => {
    const d = device(DEC1(9));
    d.serve([challenge("streak", 1, 20)]);
    d.engine.startSession(5);
    d.advance(5);
    d.engine.endSession();
    expect(d.engine.getStats().challengesCompleted).toBeUndefined();
    expect(d.engine.checkChallengeAutoCompletion()).toHaveLength(1);
  });
});

describe("a reward is paid once per install", () => {
  test("completeChallenge(id) twice pays once; unknown ids change nothing", () => {
    const d = device(DEC1(9));
    d.serve([challenge("minutes", 5, 12)]);
    expect(d.engine.completeChallenge("served-minutes-5")).toMatchObject({ success: true, xpAwarded: 12 });
    const after = JSON.stringify(d.stored());
    expect(d.engine.completeChallenge("served-minutes-5")).toEqual({ success: false });
    expect(d.engine.completeChallenge("nope")).toEqual({ success: false });
    expect(JSON.stringify(d.stored())).toBe(after);
    expect(d.engine.getStats()).toMatchObject({ totalXP: 12, challengesCompleted: 1 });
  });

  test("a challenge the kit wrote as completed is never paid, by hand or automatically", () => {
    const d = device(DEC1(9));
    d.serve([challenge("morning_breath", 1, 15, { completed: true }), challenge("streak", 1, 20, { completed: true })]);
    expect(d.session(3).completed).toEqual([]);
    expect(d.engine.completeChallenge("served-streak-1")).toEqual({ success: false });
    expect(d.engine.getStats().challengesCompleted).toBeUndefined();
  });

  test("any order and repetition of checks, hand completions and reloads pays each challenge at most once", () => {
    const ids = ["served-cycles-1", "served-minutes-1", "served-streak-1", "served-morning_breath-1"];
    const step = fc.oneof(fc.constant({ op: "auto" as const }), fc.constant({ op: "reload" as const }), fc.constant({ op: "session" as const }), fc.constantFrom(...ids).map((id) => ({ op: "complete" as const, id })));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        const d = device(DEC1(9));
        d.serve([challenge("cycles", 1, 3), challenge("minutes", 1, 5), challenge("streak", 1, 7), challenge("morning_breath", 1, 11)]);
        let sessionXP = 0;
        for (const s of steps) {
          if (s.op === "auto") d.engine.checkChallengeAutoCompletion();
          else if (s.op === "reload") d.engine.reloadFromStorage();
          else if (s.op === "complete") d.engine.completeChallenge(s.id);
          else {
            const before = d.engine.getStats().totalXP;
            d.engine.startSession(1);
            d.engine.onBreathingCycleComplete();
            d.advance(1);
            d.engine.endSession();
            sessionXP += d.engine.getStats().totalXP - before;
          }
        }
        const list = d.engine.getDailyChallenges();
        const paid = list.filter((c) => c.completed).reduce((sum, c) => sum + c.rewardXP, 0);
        expect(d.engine.getStats().totalXP).toBe(sessionXP + paid);
        expect(d.engine.getStats().challengesCompleted ?? 0).toBe(list.filter((c) => c.completed).length);
      }),
      { numRuns: 200, seed: 20261201 },
    );
  });
});

describe("today's counters and the new day", () => {
  test("a window left open across midnight adds the new day's session to yesterday's counter, all that day", () => {
    const d = device(DEC1(23, 20));
    d.session(15, 0, 15); // 23:20–23:35
    d.at(2026, 12, 1, 23, 50);
    d.session(20, 0, 20); // 23:50–00:10, ends on Dec 2
    const dec2 = new Date(2026, 11, 2).toDateString();
    expect(d.engine.getStats()).toMatchObject({ todaySessionTime: 35 * MINUTE, sessionsToday: 2, lastMeditationDate: dec2, currentStreak: 2, totalMeditationTime: 35 * MINUTE });
    d.at(2026, 12, 2, 15, 0);
    d.engine.reloadFromStorage(); // the same day as lastMeditationDate now: nothing is reset
    d.restart();
    expect(d.engine.getStats()).toMatchObject({ todaySessionTime: 35 * MINUTE, sessionsToday: 2 });
    d.at(2026, 12, 3, 9, 0);
    d.engine.reloadFromStorage(); // the day after: zeroed
    expect(d.engine.getStats()).toMatchObject({ todaySessionTime: 0, sessionsToday: 0, totalMeditationTime: 35 * MINUTE });
  });

  test("the new-day reset happens only on load, and each load after a save bumps the streak again", () => {
    const d = device(DEC1(10));
    d.session(5);
    d.at(2026, 12, 2, 10, 0);
    d.engine.addExternalXP(1); // no load: yesterday's counters stay
    expect(d.engine.getStats()).toMatchObject({ todaySessionTime: 5 * MINUTE, sessionsToday: 1, currentStreak: 1 });
    d.engine.reloadFromStorage();
    expect(d.engine.getStats()).toMatchObject({ todaySessionTime: 0, sessionsToday: 0, currentStreak: 2 });
    expect(d.engine.getStats().lastMeditationDate).toBe(new Date(2026, 11, 1).toDateString()); // not moved
    d.engine.reloadFromStorage(); // nothing saved in between: same bump
    expect(d.engine.getStats().currentStreak).toBe(2);
    d.engine.addExternalXP(1); // saves the bumped streak
    d.engine.reloadFromStorage();
    expect(d.engine.getStats().currentStreak).toBe(3);
    d.session(5); // the first session of the day bumps once more, from the inflated value
    expect(d.engine.getStats()).toMatchObject({ currentStreak: 4, longestStreak: 4 });
  });

  test("a load after a missed day sets the streak to 0; the next session to 1", () => {
    const d = device(DEC1(10));
    d.session(5);
    d.at(2026, 12, 3, 10, 0);
    d.restart();
    expect(d.engine.getStats().currentStreak).toBe(0);
    d.session(5);
    expect(d.engine.getStats()).toMatchObject({ currentStreak: 1, longestStreak: 1 });
  });
});

describe("storage", () => {
  test("reset() leaves exactly the zeros and an empty session list: challenges, counters and kit fields are gone", () => {
    const d = device(DEC1(8));
    void d.memento.update(KEY, { totalXP: 300, currentStreak: 4, longestStreak: 9, todaySessionTime: 1, lastMeditationDate: DEC1(8).toDateString(), totalMeditationTime: 2, sessionsToday: 2, lastGoalMinutes: 10, challengesCompleted: 7, kitMarker: "x" });
    d.restart();
    d.engine.reset();
    const zeros = { totalXP: 0, currentStreak: 0, longestStreak: 0, todaySessionTime: 0, lastMeditationDate: "", totalMeditationTime: 0, sessionsToday: 0, sessions: [] };
    expect(d.stored()).toEqual(zeros);
    expect(d.engine.getStats()).toEqual(zeros);
    d.engine.getDailyChallenges(); // lastChallengeDate is gone: the next look makes a local set, and saves it
    expect(d.stored().lastChallengeDate).toBe(DEC1(8).toDateString());
  });

  test("fields the engine does not know pass through load, save and a new day, until reset()", () => {
    const d = device(DEC1(8));
    void d.memento.update(KEY, { ...d.stored(), kitMarker: { wipe: 1 } });
    d.engine.reloadFromStorage();
    d.engine.addExternalXP(3);
    d.at(2026, 12, 2, 8, 0);
    d.restart();
    d.engine.addExternalXP(1);
    expect(d.stored().kitMarker).toEqual({ wipe: 1 });
    d.engine.reset();
    expect(d.stored().kitMarker).toBeUndefined();
  });

  test("a key written without reloadFromStorage() is overwritten whole by the engine's next save", () => {
    const d = device(DEC1(8));
    void d.memento.update(KEY, { ...d.stored(), totalXP: 500, kitMarker: 1 });
    d.engine.addExternalXP(1);
    expect(d.stored()).toMatchObject({ totalXP: 1 });
    expect(d.stored().kitMarker).toBeUndefined();
  });

  test("ensureDailyChallenges keeps a list when lastChallengeDate is today, whatever its ids; otherwise replaces it", () => {
    const d = device(DEC1(8));
    d.serve([challenge("minutes", 1, 9)]);
    expect(d.engine.getDailyChallenges().map((c) => c.id)).toEqual(["served-minutes-1"]);
    void d.memento.update(KEY, { ...d.stored(), lastChallengeDate: new Date(2026, 10, 30).toDateString() });
    d.engine.reloadFromStorage();
    expect(d.engine.getStats().dailyChallenges?.map((c) => c.id)).toEqual(["served-minutes-1"]); // reload does not look
    const made = d.engine.getDailyChallenges().map((c) => c.id);
    expect(made.length).toBeGreaterThan(0);
    expect(made.every((id) => id.startsWith(`${DEC1(8).toDateString()}-`))).toBe(true);
  });

  test("a stored `expired` is ignored: it is recomputed as open and 24 hours past availableFrom", () => {
    const d = device(DEC1(8));
    d.serve([challenge("minutes", 1, 9, { expired: true }), challenge("cycles", 1, 4, { availableFrom: DEC1(8).getTime() - 25 * 60 * MINUTE })]);
    expect(d.engine.getDailyChallenges().map((c) => c.expired)).toEqual([false, true]);
  });

  test("getStats() is a shallow copy: its fields are the caller's, its arrays the engine's", () => {
    const d = device(DEC1(8));
    d.session(5);
    const copy = d.engine.getStats();
    copy.totalXP = 999;
    expect(d.engine.getStats().totalXP).not.toBe(999);
    copy.dailyChallenges!.forEach((c) => (c.completed = true));
    expect(d.engine.getStats().dailyChallenges!.every((c) => c.completed)).toBe(true);
  });

  test("the Memento keeps a JSON copy on update and hands out its own object: after a same-day load that is the engine's", () => {
    const d = device(DEC1(8));
    d.session(1); // lastMeditationDate is today from here on
    const xp = d.engine.getStats().totalXP;
    expect(d.memento.get(KEY)).toBe(d.memento.get(KEY));
    d.restart(); // same day: the engine takes the stored object as it is
    (d.memento.get(KEY) as EngineStats).totalXP += 1000;
    expect(d.engine.getStats().totalXP).toBe(xp + 1000);
    d.engine.addExternalXP(1); // the update stores a copy: from now on the two are apart
    (d.memento.get(KEY) as EngineStats).totalXP += 1000;
    expect(d.engine.getStats().totalXP).toBe(xp + 1001);
  });

  test("addExternalXP adds what it is given, unchecked, and nothing else", () => {
    const d = device(DEC1(8));
    d.engine.addExternalXP(2.5, "micro-meditation");
    d.engine.addExternalXP(-1);
    expect(d.engine.getStats()).toMatchObject({ totalXP: 1.5, sessionsToday: 0, todaySessionTime: 0 });
    expect(d.engine.getStats().challengesCompleted).toBeUndefined();
  });
});
