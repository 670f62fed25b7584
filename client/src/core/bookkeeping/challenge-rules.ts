/**
 * Served challenges and the engine, pure. The engine decides completion itself, per type, and pays whatever it
 * sees as not completed; so the kit hands it only challenges it checks as their text says, marks completed what
 * the user's other installs already completed, and tells its own completions (reported to the server) from the
 * ones it marked (never reported).
 */
import { dayFromExtensionDate, extensionDateOf, localMidnight } from "../days";
import { addDays } from "../../generated/server-dates";
import type { EngineChallenge, MeditationStats, ServedSet, ServerChallenge } from "../types";

/** A served challenge: the local day it was served for, and its id. */
export interface ChallengeRef {
  date: string;
  id: string;
}

/** Days of completions a device reports (localDate − 6 … localDate), and at most how many (the server's bound). */
const REPORTED_DAYS = 7;

const isPositiveInteger = (n: unknown) => typeof n === "number" && Number.isInteger(n) && n >= 1;
const sameRef = (a: ChallengeRef) => (b: ChallengeRef) => a.date === b.date && a.id === b.id;
export const hasRef = (refs: ChallengeRef[], ref: ChallengeRef) => refs.some(sameRef(ref));

/**
 * Whether the engine, handed `c`, pays it exactly when its text says. The engine checks `cycles`, `minutes` and
 * `deep_session` against the target; it ignores the target of `morning_breath` (a session and the hour before
 * noon), `evening_flow` (a session and the hour from 18) and `streak` (any streak above 0). So those three mean
 * what the engine checks only with target 1, and a morning challenge only when it opens before noon.
 */
export function engineChecksAsWritten(c: ServerChallenge, day: string): boolean {
  if (c.date !== day || !isPositiveInteger(c.rewardXP)) return false;
  if (!Number.isInteger(c.availableFromHour) || c.availableFromHour < 0 || c.availableFromHour > 23) return false;
  switch (c.type) {
    case "cycles":
    case "minutes":
    case "deep_session":
      return isPositiveInteger(c.target);
    case "morning_breath":
      return c.target === 1 && c.availableFromHour < 12;
    case "evening_flow":
    case "streak":
      return c.target === 1;
    default:
      return false; // a type this kit does not know: the engine would not know it either
  }
}

/** The server's challenges as the engine's own, for the user's local day (availability in local time). */
export function toEngineChallenges(challenges: ServerChallenge[], previous: EngineChallenge[] = []): EngineChallenge[] {
  return challenges.map((c) => {
    const done = previous.find((p) => p.id === c.id)?.completed === true;
    return {
      id: c.id,
      date: extensionDateOf(c.date),
      type: c.type,
      target: c.target,
      rewardXP: c.rewardXP,
      availableFrom: localMidnight(c.date, c.availableFromHour).getTime(),
      ...(done ? { completed: true } : {}),
      title: c.title,
      description: c.description,
      eonMessage: c.eonMessage,
      completionMessage: c.completionMessage,
    };
  });
}

/**
 * The engine's list for a served set: the challenges it checks as written, completed where this engine already
 * completed them or where the user's installs did (`userCompleted`); `marked` are those the kit marks now.
 */
export function engineList(set: ServedSet, current: EngineChallenge[] | undefined, userCompleted: ChallengeRef[]): { list: EngineChallenge[]; marked: ChallengeRef[] } {
  const mine = (current ?? []).filter((c) => dayFromExtensionDate(c.date) === set.date);
  const list = toEngineChallenges(set.challenges.filter((c) => engineChecksAsWritten(c, set.date)), mine);
  const marked: ChallengeRef[] = [];
  for (const challenge of list) {
    const ref = { date: set.date, id: challenge.id };
    if (challenge.completed || !hasRef(userCompleted, ref)) continue;
    challenge.completed = true;
    marked.push(ref);
  }
  return { list, marked };
}

/**
 * What this engine completed itself, added to what it completed before: served challenges (handed by the kit)
 * completed in its list that the kit did not mark. Kept for the reported window, newest last, at most `max`.
 */
export function ownCompletions(stats: MeditationStats, handed: ChallengeRef[], marked: ChallengeRef[], known: ChallengeRef[], today: string, max: number): ChallengeRef[] {
  const own = [...known];
  for (const challenge of stats.dailyChallenges ?? []) {
    const date = dayFromExtensionDate(challenge.date);
    if (!challenge.completed || !date) continue;
    const ref = { date, id: challenge.id };
    if (hasRef(handed, ref) && !hasRef(marked, ref) && !hasRef(own, ref)) own.push(ref);
  }
  return recent(own, today, max);
}

/**
 * The served challenges the engine's list holds as completed now: when an install starts counting (it joins, or
 * syncs under a new id), these were paid under another user, before the kit kept books, or marked from the user's
 * other installs — never this install's to report under the user it now syncs for.
 */
export function completedNow(stats: MeditationStats): ChallengeRef[] {
  const refs: ChallengeRef[] = [];
  for (const challenge of stats.dailyChallenges ?? []) {
    const date = dayFromExtensionDate(challenge.date);
    if (challenge.completed && date && !hasRef(refs, { date, id: challenge.id })) refs.push({ date, id: challenge.id });
  }
  return refs;
}

/**
 * The refs among `refs` (served challenges the kit handed) that the engine's list still holds open: paid from now
 * on, they are this install's own, whoever it syncs for by then (marker.ts, startCounting).
 */
export function stillOpen(refs: ChallengeRef[], stats: MeditationStats): ChallengeRef[] {
  const list = stats.dailyChallenges ?? [];
  const open = refs.filter((ref) => list.some((c) => c.id === ref.id && dayFromExtensionDate(c.date) === ref.date && !c.completed));
  return open.filter((ref, i) => open.findIndex(sameRef(ref)) === i);
}

/** The refs of the last week (`today − 6 … today`), at most `max`, newest last. */
export function recent(refs: ChallengeRef[], today: string, max: number): ChallengeRef[] {
  const oldest = addDays(today, -(REPORTED_DAYS - 1));
  return refs.filter((ref) => ref.date >= oldest && ref.date <= today).slice(-max);
}
