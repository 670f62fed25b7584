/**
 * Served challenges as the engine's own, pure: the server's set for the user's local day turned into the
 * engine's `DailyChallenge`s (availability in local time), keeping what was already completed.
 */
import { extensionDateOf, localMidnight } from "./days";
import type { EngineChallenge, ServerChallenge } from "./types";

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
