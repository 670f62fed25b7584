/** Publishes today's and tomorrow's generated sets (UTC) ahead of time, leaving curated or existing sets alone. */
import type { AppContext } from "../context";
import { addDays, utcDay } from "../domain/dates";
import { generateChallenges } from "./challenges.logic";
import type { Firestore } from "firebase-admin/firestore";
import { createSetIfAbsent, readSet, type ChallengeSet } from "./challenges.store";

export function generatedSet(date: string, now: Date): ChallengeSet {
  return { date, source: "generated", challenges: generateChallenges(date), updatedAt: now.toISOString() };
}

/** Stores the generated set for `date` unless one is there already (one create, no read). */
export async function ensureSet(ctx: AppContext, date: string): Promise<{ set: ChallengeSet; created: boolean }> {
  return ctx.data((db) => createSetIfAbsent(db, generatedSet(date, ctx.now())));
}

/** The stored set for `date` (one read), generating and storing it first if the job has not written it yet. */
export async function loadSet(ctx: AppContext, date: string): Promise<ChallengeSet> {
  const stored = await ctx.data((db) => readSet(db, date));
  return stored ?? (await ensureSet(ctx, date)).set;
}

/**
 * The rewards of the set served for `date`, by id: the stored set (curated, or generated as it was served), else
 * the generated one the route would serve (deterministic from the date; nothing is written). One read.
 */
export async function servedRewardsOn(db: Firestore, date: string): Promise<Record<string, number>> {
  const set = (await readSet(db, date))?.challenges ?? generateChallenges(date);
  return Object.fromEntries(set.map((challenge) => [challenge.id, challenge.rewardXP]));
}

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
