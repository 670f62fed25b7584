/**
 * This device's own meditation time on its local day, pure. It is counted from the growth of
 * `totalMeditationTime` (always right, and never the merged day sum the kit writes), not from the engine's
 * `todaySessionTime`: a window left open across midnight keeps adding to yesterday's counter until a reload, and
 * that counter holds what the kit wrote for the other devices.
 */
import { dayFromExtensionDate, localDay } from "../days";
import type { MeditationStats } from "../types";

/**
 * How much of `grown` (ms of meditation added since the last observation, made on an earlier local day) belongs
 * to `today`: the sessions that ended today (the engine credits a session to the day its end falls on), never
 * more than what grew. Without a session log, what the engine itself counts for today bounds it.
 */
export function todaysShare(grown: number, stats: MeditationStats, today: string): number {
  if (grown <= 0) return 0;
  const sessions = stats.sessions ?? [];
  if (sessions.length === 0) return Math.min(grown, dayFromExtensionDate(stats.lastMeditationDate) === today ? Number(stats.todaySessionTime) || 0 : 0);
  let endedToday = 0;
  for (const session of sessions) {
    const end = endOf(session);
    if (end !== undefined && localDay(end) === today) endedToday += Math.max(0, Number(session.activeMs) || 0);
  }
  return Math.min(grown, endedToday);
}

function endOf(session: { startedAt?: string; endedAt?: string; activeMs?: number }): Date | undefined {
  const ended = session.endedAt ? new Date(session.endedAt) : undefined;
  if (ended && !Number.isNaN(ended.getTime())) return ended;
  const started = session.startedAt ? new Date(session.startedAt) : undefined;
  if (!started || Number.isNaN(started.getTime())) return undefined;
  return new Date(started.getTime() + (Number(session.activeMs) || 0));
}
