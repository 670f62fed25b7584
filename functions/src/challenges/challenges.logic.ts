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
 * extension's engine does: the morning breath from 5:00, the evening flow from 17:00, the rest all day.
 */
export const AVAILABLE_FROM_HOUR: Record<ChallengeType, number> = {
  cycles: 0,
  minutes: 0,
  deep_session: 0,
  morning_breath: 5,
  evening_flow: 17,
  streak: 0,
};

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
  // before noon (local): 3–10 minutes; 3 XP a minute, plus 5 for the timing
  morning_breath: { min: 3, max: 10, step: 1, reward: (t) => 3 * t + 5 },
  // after 18:00 (local): 3–10 minutes; 3 XP a minute, plus 5 for the timing
  evening_flow: { min: 3, max: 10, step: 1, reward: (t) => 3 * t + 5 },
  // a streak of 2–7 days; 10 XP a day of the streak
  streak: { min: 2, max: 7, step: 1, reward: (t) => 10 * t },
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
