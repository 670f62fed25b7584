/**
 * A day's set at request time: the stored one, or the generated one, stored first when the hourly job
 * (challenges.job.ts) has not written it yet. Generation is deterministic, so whoever stores it stores the same.
 */
import type { Firestore } from "firebase-admin/firestore";
import type { AppContext } from "../context";
import { generateChallenges } from "./challenges.logic";
import { createSetIfAbsent, readSet, readSets, replaceSet, type ChallengeSet } from "./challenges.store";

/**
 * Bumped when the generator's output changes meaning (2: texts and targets say exactly what the engine checks,
 * issue 18). A stored generated set from an older version is written anew when it is next loaded or published, so
 * a deploy does not keep serving the old words for the days the job had already published.
 */
export const GENERATOR_VERSION = 2;

export function generatedSet(date: string, now: Date): ChallengeSet {
  return { date, source: "generated", generator: GENERATOR_VERSION, challenges: generateChallenges(date), updatedAt: now.toISOString() };
}

const outdated = (set: ChallengeSet) => set.source === "generated" && (set.generator ?? 1) < GENERATOR_VERSION;

/** Stores the generated set for `date` unless one is there already (one create, no read); renews an outdated one. */
export async function ensureSet(ctx: AppContext, date: string): Promise<{ set: ChallengeSet; created: boolean }> {
  const result = await ctx.data((db) => createSetIfAbsent(db, generatedSet(date, ctx.now())));
  return outdated(result.set) ? { set: await renew(ctx, date), created: true } : result;
}

/** The stored set for `date` (one read), generating and storing it first if the job has not written it yet. */
export async function loadSet(ctx: AppContext, date: string): Promise<ChallengeSet> {
  const stored = await ctx.data((db) => readSet(db, date));
  if (stored && outdated(stored)) return renew(ctx, date);
  return stored ?? (await ensureSet(ctx, date)).set;
}

/**
 * What each date will serve, for the operator's calendar, read in one round trip and writing nothing: the stored
 * set, or the generated one where none is stored yet (or the stored one is outdated and would be renewed).
 */
export async function previewSets(ctx: AppContext, dates: readonly string[]): Promise<ChallengeSet[]> {
  const stored = await ctx.data((db) => readSets(db, dates));
  return dates.map((date, i) => {
    const set = stored[i];
    return set && !outdated(set) ? set : generatedSet(date, ctx.now());
  });
}

async function renew(ctx: AppContext, date: string): Promise<ChallengeSet> {
  const set = generatedSet(date, ctx.now());
  await ctx.data((db) => replaceSet(db, set));
  return set;
}

/**
 * The rewards of the set served for `date`, by id: the stored set (curated, or generated as it was served), else
 * the generated one the route would serve (deterministic from the date; nothing is written). One read.
 */
export async function servedRewardsOn(db: Firestore, date: string): Promise<Record<string, number>> {
  const set = (await readSet(db, date))?.challenges ?? generateChallenges(date);
  return Object.fromEntries(set.map((challenge) => [challenge.id, challenge.rewardXP]));
}

