/** Publishes today's and tomorrow's generated sets (UTC) ahead of time, leaving curated or existing sets alone. */
import type { AppContext } from "../context";
import { addDays, utcDay } from "../domain/dates";
import { ensureSet } from "./challenges.loader";

export async function publishChallenges(ctx: AppContext): Promise<Record<string, unknown>> {
  const today = utcDay(ctx.now());
  const published: string[] = [];
  const kept: string[] = [];
  for (const date of [today, addDays(today, 1)]) {
    const { created } = await ensureSet(ctx, date);
    (created ? published : kept).push(date);
  }
  return { published, kept };
}
