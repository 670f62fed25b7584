/**
 * The sync resource: one POST /sync — read the stats once, send this device's counters, then read the stats
 * again and write the merged totals plus what was earned meanwhile. Retrying and scheduling are the client's.
 */
import { afterWrite, clamp, isNewWipe, mergedStats, observe, MAX_REPORTED_COMPLETIONS, type KitState, type Sent } from "../bookkeeping/state";
import { engineList, hasRef, recent, type ChallengeRef } from "../bookkeeping/challenge-rules";
import { fetchChallenges } from "./challenges";
import { dayFromExtensionDate, extensionDateOf } from "../days";
import type { SyncDeps } from "../deps";
import { permits, send, type Problem } from "../http";
import { recordPause } from "../marker";
import { randomUuid } from "../store";
import { MAX_STREAK, type SyncRequest, type SyncResponse } from "../../generated/wire";
import type { MeditationStats, OnboardingState, ServerData, SyncResult } from "../types";

/** A sync either ends with a result, or fails with a problem the client may retry. */
export type SyncStep = { result: SyncResult } | { problem: Problem };

/** The request for the bookkeeping after an observation of `stats`. Pure. */
export function syncRequest(state: KitState, stats: MeditationStats, onboarding: OnboardingState): { body: SyncRequest; sent: Sent } {
  const sent: Sent = { earned: { ...state.earned }, day: state.day, todayOwn: state.todayOwn };
  const body: SyncRequest = {
    data: {
      meditation: {
        totalXP: state.seen.xp,
        totalMeditationTime: state.seen.meditationMs,
        challengesCompleted: state.seen.challengesCompleted,
        currentStreak: clamp(stats.currentStreak, MAX_STREAK),
        longestStreak: clamp(stats.longestStreak, MAX_STREAK),
        ...(dayFromExtensionDate(stats.lastMeditationDate) ? { lastMeditationDate: stats.lastMeditationDate } : {}),
      },
      onboarding: {
        ...(typeof onboarding.hasSeenTour === "boolean" ? { hasSeenTour: onboarding.hasSeenTour } : {}),
        ...(typeof onboarding.gamificationOptIn === "boolean" ? { gamificationOptIn: onboarding.gamificationOptIn } : {}),
      },
    },
    device: {
      deviceId: state.deviceId,
      brought: state.brought,
      earned: sent.earned,
      localDate: sent.day,
      todaySessionTime: sent.todayOwn,
      activeDays: state.activeDays,
      completedChallenges: state.ownCompleted ?? [],
      ...(state.countingSince ? { countingSince: state.countingSince } : {}),
    },
    ...(state.optInChoice === undefined ? {} : { leaderboard: { optIn: state.optInChoice } }),
  };
  return { body, sent };
}

/**
 * What a request says about this install's own progress and choices, so that "nothing new since the last sync"
 * can be told without sending. The reported totals are left out: after a sync they are the merged totals the
 * server itself answered, which is no news to it.
 */
export function digestOf(body: SyncRequest): string {
  return JSON.stringify([body.device, body.leaderboard, body.data.onboarding]);
}

/** Whether a sync now would send anything the last successful sync did not (or pause on a wipe). Pure. */
export function hasNews(state: KitState, stats: MeditationStats, now: Date, onboarding: OnboardingState): boolean {
  if (!state.syncedOnce || state.sentDigest === undefined) return true;
  const observed = observe(state, stats, now);
  return observed.cleared === true || digestOf(syncRequest(observed, stats, onboarding).body) !== state.sentDigest;
}

const CLEARED: SyncStep = { result: { status: "skipped", reason: "local-data-cleared" } };

/** One sync, inside the store's queue. */
export async function syncOnce(deps: SyncDeps): Promise<SyncStep> {
  const allowed = await permits(deps.http.permission, "sync");
  if (allowed !== true) return { result: { status: "skipped", reason: allowed } };
  const userId = await deps.store.userId();
  let state = deps.store.read();
  if (!userId || !state) return { result: { status: "skipped", reason: "not-set-up" } };
  if (state.cleared) return CLEARED;

  // One read of the stats: what is counted and what is sent come from the same moment.
  const stats = deps.getStats();
  const wiped = isNewWipe(state, stats);
  state = observe(state, stats, deps.now());
  if (wiped) {
    await recordPause(deps, state, stats);
    return CLEARED;
  }
  await deps.store.save(state);
  if (deps.sharedChallenges) await fetchServedSet(deps, state);

  const { body, sent } = syncRequest(state, stats, deps.getOnboarding());
  const reply = await send<SyncResponse>(deps.http, { method: "POST", path: "/sync", needs: "sync", body, userId });
  if (!reply.ok) return { problem: reply.problem };
  return apply(deps, userId, state.deviceId, body, sent, reply.value.serverData);
}

/** Applies a reply: reads the stats as they are now, counts what grew meanwhile, writes merged + that growth. */
async function apply(deps: SyncDeps, userId: string, deviceId: string, body: SyncRequest, sent: Sent, serverData: ServerData): Promise<SyncStep> {
  const after = deps.store.read();
  if (!after || after.deviceId !== deviceId || (await deps.store.userId()) !== userId) {
    return { result: { status: "skipped", reason: "not-set-up" } }; // the id was forgotten or replaced meanwhile
  }
  const current = deps.getStats();
  const wiped = isNewWipe(after, current);
  const observed = observe(after, current, deps.now());
  if (observed.cleared) {
    if (wiped) await recordPause(deps, observed, current);
    else await deps.store.save(observed);
    return CLEARED;
  }
  const mark = observed.mark ?? randomUuid(); // bookkeeping from before markers gets one now
  const userCompleted = serverData.completedChallenges ?? [];
  const challenges = deps.sharedChallenges ? withServedChallenges(observed, current, userCompleted) : undefined;
  const written: MeditationStats = { ...mergedStats(current, serverData.data.meditation, sent, observed), ...challenges?.stats, syncMark: mark };
  await deps.writeStats(written);
  await deps.store.save({
    ...afterWrite(observed, written),
    ...challenges?.state,
    mark,
    userCompleted,
    sentDigest: digestOf(body),
    syncedOnce: true,
    lastSync: serverData.lastSync,
    anonymousId: serverData.anonymousId,
    ...(observed.optInChoice === body.leaderboard?.optIn ? { optInChoice: undefined } : {}),
  });
  return { result: { status: "synced", serverData, stats: written } };
}

/** Fetches the served set of the local day when it is not known yet; without it the engine's own list stays. */
async function fetchServedSet(deps: SyncDeps, state: KitState): Promise<void> {
  if (state.served?.date === state.day) return;
  const outcome = await fetchChallenges(deps.http, state.day);
  if (!outcome.ok || outcome.value.date !== state.day) return; // a nicety: never a reason to fail a sync
  const latest = deps.store.read();
  if (latest && latest.deviceId === state.deviceId) await deps.store.save({ ...latest, served: outcome.value });
}

/**
 * The engine's list for the local day (what it checks as written, the user's completions marked), and what the
 * bookkeeping learns from writing it: what was handed, what the kit marked.
 */
function withServedChallenges(state: KitState, current: MeditationStats, userCompleted: ChallengeRef[]) {
  const set = state.served;
  if (!set || set.date !== state.day) return undefined;
  const { list, marked } = engineList(set, current.dailyChallenges, userCompleted);
  const handed = list.map((c) => ({ date: set.date, id: c.id }));
  const merge = (known: ChallengeRef[] | undefined, more: ChallengeRef[]) =>
    recent([...(known ?? []), ...more.filter((ref) => !hasRef(known ?? [], ref))], state.day, 4 * MAX_REPORTED_COMPLETIONS);
  return {
    stats: { dailyChallenges: list, lastChallengeDate: extensionDateOf(set.date) },
    state: { handed: merge(state.handed, handed), marked: merge(state.marked, marked) },
  };
}
