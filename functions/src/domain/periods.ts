/**
 * Leaderboard periods, all in UTC: the day (`2026-11-24`), the ISO-8601 week (`2026-W48`: weeks start on Monday,
 * week 1 is the week with the year's first Thursday, so a week belongs to the year of its Thursday) and the
 * calendar month (`2026-11`). Pure functions of an instant.
 */
export const PERIODS = ["daily", "weekly", "monthly"] as const;
export type Period = (typeof PERIODS)[number];

export function periodKey(period: Period, now: Date): string {
  switch (period) {
    case "daily":
      return now.toISOString().slice(0, 10);
    case "weekly":
      return isoWeekKey(now);
    case "monthly":
      return now.toISOString().slice(0, 7);
  }
}

export function periodKeys(now: Date): Record<Period, string> {
  return { daily: periodKey("daily", now), weekly: periodKey("weekly", now), monthly: periodKey("monthly", now) };
}

function isoWeekKey(now: Date): string {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const weekday = day.getUTCDay() || 7; // Monday 1 ... Sunday 7
  day.setUTCDate(day.getUTCDate() + 4 - weekday); // the Thursday of this week decides the year
  const year = day.getUTCFullYear();
  const week = Math.floor((day.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}
