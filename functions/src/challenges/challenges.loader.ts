/**
 * A day's set at request time: the stored one, or the generated one, stored first when the hourly job
 * (challenges.job.ts) has not written it yet. Generation is deterministic, so whoever stores it stores the same.
 */
import type { AppContext } from "../context";
import { generateChallenges } from "./challenges.logic";
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
