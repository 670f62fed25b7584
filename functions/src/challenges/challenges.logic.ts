/**
 * The daily challenges, pure and deterministic: the same date gives the same set on every instance and in every
 * process, because the only input is the date (no clock, no Math.random).
 *
 * A day has 2–4 challenges of different types. Targets suit a player of any level (nothing here grows with XP),
 * and rewards follow one formula per type, written next to each rule below and in docs/challenges.md.
 */
import { createHash } from "node:crypto";
import type { Challenge } from "./challenges.schema";
import { CHALLENGE_TYPES, TEMPLATES, type ChallengeTemplate, type ChallengeType } from "./templates";

export { CHALLENGE_TYPES, type ChallengeType } from "./templates";

/** A stored challenge: its shape is declared once, as the schema the API's responses are checked against. */
export type { Challenge } from "./challenges.schema";

/**
 * The local hour from which a challenge is available on its date, for clients that schedule challenges as the
 * extension's engine does. The engine pays the evening flow for any session once the local hour is 18 or later,
 * so it is available from 18, exactly when its text says; the morning breath from 5 (its text says "between 5:00
 * and noon"; the engine pays it only before 12); the rest all day.
 */
export const AVAILABLE_FROM_HOUR: Record<ChallengeType, number> = {
  cycles: 0,
  minutes: 0,
  deep_session: 0,
  morning_breath: 5,
  evening_flow: 18,
  streak: 0,
};

/**
 * The types whose target the engine ignores (v0.3.5): it pays `morning_breath` after any session before noon,
 * `evening_flow` after any session from 18:00, `streak` whenever the streak is alive. Served with target 1, and
 * their texts may ask for no count of minutes, cycles or days (docs/challenges.md).
 */
export const TARGET_IGNORED: ReadonlySet<ChallengeType> = new Set(["morning_breath", "evening_flow", "streak"]);

/** A count the engine would have to check: "7 minutes", "3 days in a row", "20 breaths", "two sessions". */
const COUNTED = /\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten)[\s-]*(minutes?|mins?|cycles?|breaths?|days?|sessions?|times?)\b/i;

/**
 * Why a challenge could not mean what it says to the extension's engine (empty when it can): a target the engine
 * ignores must be 1 and its texts must ask for no count; a target the engine checks must be stated in the
 * description. Run on every curated set (400 with these as details) and, in the tests, on every generated one.
 */
export function meaningProblems(challenge: Pick<Challenge, "type" | "target" | "title" | "description" | "eonMessage" | "completionMessage">): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  if (TARGET_IGNORED.has(challenge.type)) {
    if (challenge.target !== 1) {
      problems.push({ field: "target", message: `must be 1: the extension's engine ignores the target of ${challenge.type}` });
    }
    for (const field of ["title", "description", "eonMessage", "completionMessage"] as const) {
      const counted = COUNTED.exec(challenge[field]);
      if (counted) {
        problems.push({ field, message: `asks for "${counted[0]}", which the extension's engine does not check for ${challenge.type}` });
      }
    }
  } else if (!new RegExp(`(^|\\D)${challenge.target}(\\D|$)`).test(challenge.description)) {
    problems.push({ field: "description", message: `must state the target (${challenge.target}): the engine pays exactly at it` });
  }
  return problems;
}

/** A challenge as served: with its date and availability, what the engine needs to use it as its own. */
export function servedChallenge(date: string, challenge: Challenge) {
  return { ...challenge, date, availableFromHour: AVAILABLE_FROM_HOUR[challenge.type] };
}

interface Rule {
  /** Targets are drawn from min..max in steps of `step`. */
  min: number;
  max: number;
  step: number;
  reward: (target: number) => number;
}

/**
 * XP is +1 per breathing cycle in the extension (about 5–8 cycles a minute), so a reward of roughly 2–4 XP per
 * minute of effort doubles or triples what the effort earns anyway — worth doing, never worth gaming.
 */
export const RULES: Record<ChallengeType, Rule> = {
  // cycles in a day: 10–40; 1 XP for every 2 cycles, plus 5
  cycles: { min: 10, max: 40, step: 5, reward: (t) => Math.round(t / 2) + 5 },
  // minutes in a day, any number of sessions: 5–20; 2 XP a minute, plus 5
  minutes: { min: 5, max: 20, step: 1, reward: (t) => 2 * t + 5 },
  // one unbroken session: 8–20 minutes; 3 XP a minute (staying is the hard part)
  deep_session: { min: 8, max: 20, step: 1, reward: (t) => 3 * t },
  // any session before noon (local; the engine checks no length): a fixed 15 XP for the timing
  morning_breath: { min: 1, max: 1, step: 1, reward: () => 15 },
  // any session from 18:00 (local; the engine checks no length): a fixed 15 XP for the timing
  evening_flow: { min: 1, max: 1, step: 1, reward: () => 15 },
  // a session today that keeps the streak alive (the engine checks no length): 10 XP
  streak: { min: 1, max: 1, step: 1, reward: () => 10 },
};

export const MIN_PER_DAY = 2;
export const MAX_PER_DAY = 4;

/** Every target a rule can draw, in order. */
export function targetsOf(type: ChallengeType): number[] {
  const { min, max, step } = RULES[type];
  const targets: number[] = [];
  for (let t = min; t <= max; t += step) targets.push(t);
  return targets;
}

/** A small deterministic stream of numbers from a date (SHA-256 in counter mode: plenty for a few draws). */
function drawsFor(date: string): () => number {
  let counter = 0;
  let pool: Buffer = Buffer.alloc(0);
  return () => {
    if (pool.length < 4) {
      pool = createHash("sha256").update(`breath-master/challenges/${date}/${counter++}`).digest();
    }
    const value = pool.readUInt32BE(0);
    pool = pool.subarray(4);
    return value;
  };
}

export function renderTemplate(template: ChallengeTemplate, target: number): ChallengeTemplate {
  const fill = (text: string) => text.split("{target}").join(String(target));
  return {
    title: fill(template.title),
    description: fill(template.description),
    eonMessage: fill(template.eonMessage),
    completionMessage: fill(template.completionMessage),
  };
}

export function challengeId(date: string, type: ChallengeType, position: number): string {
  return `${date}-${type}-${position}`;
}

export function generateChallenges(date: string): Challenge[] {
  const draw = drawsFor(date);
  const count = MIN_PER_DAY + (draw() % (MAX_PER_DAY - MIN_PER_DAY + 1));
  const remaining: ChallengeType[] = [...CHALLENGE_TYPES];
  const challenges: Challenge[] = [];
  for (let position = 1; position <= count; position++) {
    const type = remaining.splice(draw() % remaining.length, 1)[0];
    const targets = targetsOf(type);
    const target = targets[draw() % targets.length];
    const templates = TEMPLATES[type];
    const text = renderTemplate(templates[draw() % templates.length], target);
    challenges.push({ id: challengeId(date, type, position), type, target, rewardXP: RULES[type].reward(target), ...text });
  }
  return challenges;
}
