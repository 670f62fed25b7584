import { addDays } from "../../src/domain/dates";
import {
  AVAILABLE_FROM_HOUR,
  CHALLENGE_TYPES,
  meaningProblems,
  MAX_PER_DAY,
  MIN_PER_DAY,
  RULES,
  TARGET_IGNORED,
  generateChallenges,
  renderTemplate,
  targetsOf,
} from "../../src/challenges/challenges.logic";
import { TEMPLATES } from "../../src/challenges/templates";

const days = (from: string, n: number) => Array.from({ length: n }, (_, i) => addDays(from, i));

describe("the daily challenge generator", () => {
  test("is deterministic: the same date always gives the same set", () => {
    expect(generateChallenges("2026-11-24")).toEqual(generateChallenges("2026-11-24"));
  });

  test("over two years: 2–4 challenges a day, distinct types, stable ids, targets and rewards by the rules", () => {
    const counts = new Set<number>();
    for (const date of days("2026-01-01", 730)) {
      const set = generateChallenges(date);
      counts.add(set.length);
      expect(set.length).toBeGreaterThanOrEqual(MIN_PER_DAY);
      expect(set.length).toBeLessThanOrEqual(MAX_PER_DAY);
      expect(new Set(set.map((c) => c.type)).size).toBe(set.length);
      set.forEach((c, i) => {
        expect(c.id).toBe(`${date}-${c.type}-${i + 1}`);
        expect(targetsOf(c.type)).toContain(c.target);
        expect(c.rewardXP).toBe(RULES[c.type].reward(c.target));
        expect(c.rewardXP).toBeGreaterThan(0);
      });
    }
    expect(counts).toEqual(new Set([2, 3, 4]));
  });

  test("different dates differ, and a month does not feel repetitive", () => {
    const month = days("2026-11-01", 30).map((date) => generateChallenges(date));
    const signatures = month.map((set) => set.map((c) => `${c.type}:${c.target}:${c.title}`).join("|"));
    expect(new Set(signatures).size).toBe(30);
    // every type shows up, and most of the library's titles are used within a month
    const types = new Set(month.flat().map((c) => c.type));
    expect(types).toEqual(new Set(CHALLENGE_TYPES));
    const titles = new Set(month.flat().map((c) => c.title));
    expect(titles.size).toBeGreaterThanOrEqual(20);
  });

  test("reward formulas stay level-agnostic and modest", () => {
    for (const type of CHALLENGE_TYPES) {
      for (const target of targetsOf(type)) {
        const reward = RULES[type].reward(target);
        expect(reward).toBeGreaterThanOrEqual(5);
        expect(reward).toBeLessThanOrEqual(70);
      }
    }
  });
});

describe("issue 18 item 1: a served challenge means exactly what the engine checks", () => {
  test("every generated challenge over two years passes the same check as a curated one", () => {
    for (const date of days("2026-01-01", 730)) {
      for (const challenge of generateChallenges(date)) expect({ id: challenge.id, problems: meaningProblems(challenge) }).toEqual({ id: challenge.id, problems: [] });
    }
  });

  test("morning, evening and streak challenges ask for no length (target 1); the evening one is available from 18:00", () => {
    for (const type of ["morning_breath", "evening_flow", "streak"] as const) {
      expect(TARGET_IGNORED.has(type)).toBe(true);
      expect(targetsOf(type)).toEqual([1]);
    }
    expect(AVAILABLE_FROM_HOUR.evening_flow).toBe(18);
    expect(AVAILABLE_FROM_HOUR.morning_breath).toBe(5);
    const morning = TEMPLATES.morning_breath.map((t) => renderTemplate(t, 1));
    for (const text of morning) expect(text.description).toMatch(/noon|midday|12:00/);
    for (const text of TEMPLATES.evening_flow.map((t) => renderTemplate(t, 1))) expect(text.description).toMatch(/18:00|six/);
  });

  test("the check names what the engine would not pay for", () => {
    const base = { title: "Early", description: "Breathe before noon.", eonMessage: "Early light.", completionMessage: "Done." };
    expect(meaningProblems({ ...base, type: "morning_breath", target: 1 })).toEqual([]);
    expect(meaningProblems({ ...base, type: "morning_breath", target: 7 }).map((p) => p.field)).toEqual(["target"]);
    expect(meaningProblems({ ...base, type: "morning_breath", target: 1, description: "At least 7 minutes before noon." }).map((p) => p.field)).toEqual(["description"]);
    expect(meaningProblems({ ...base, type: "streak", target: 1, title: "Three days in a row" }).map((p) => p.field)).toEqual(["title"]);
    expect(meaningProblems({ ...base, type: "cycles", target: 20, description: "Complete 20 cycles." })).toEqual([]);
    expect(meaningProblems({ ...base, type: "cycles", target: 20, description: "Complete 200 cycles." }).map((p) => p.field)).toEqual(["description"]);
  });
});

describe("the template library", () => {
  test("has at least five templates for every type", () => {
    for (const type of CHALLENGE_TYPES) expect(TEMPLATES[type].length).toBeGreaterThanOrEqual(5);
  });

  test("every template renders for every target: no placeholder left, no empty field, the target shown", () => {
    for (const type of CHALLENGE_TYPES) {
      for (const template of TEMPLATES[type]) {
        for (const target of [...targetsOf(type), 1, 99]) {
          const text = renderTemplate(template, target);
          for (const [field, value] of Object.entries(text)) {
            expect({ type, field, ok: value.trim().length > 0 && !/[{}]/.test(value) }).toEqual({ type, field, ok: true });
          }
          if (!TARGET_IGNORED.has(type)) expect(`${text.description} ${text.eonMessage}`).toContain(String(target));
        }
      }
    }
  });

  test("no two templates share a title or an Eon message", () => {
    const all = CHALLENGE_TYPES.flatMap((type) => TEMPLATES[type]);
    expect(new Set(all.map((t) => t.title)).size).toBe(all.length);
    expect(new Set(all.map((t) => t.eonMessage)).size).toBe(all.length);
  });
});
