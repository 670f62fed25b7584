/** POST /api/v1/sync: parse → merge (sync.logic) → store in one transaction → reply. */
import type { AppContext } from "../context";
import { AppError, invalid } from "../errors";
import { DeviceLimitReached } from "./counters.logic";
import { unavailable } from "../firestore";
import { deviceKeyOf } from "../users/user-keys";
import type { UserCaller } from "../http/identity";
import { KeyedLock } from "../util/keyed-lock";
import { route, type Route } from "../http/route-table";
import { anonymousIdOf } from "../users/anonymous-id";
import { toStoredUser, updateUser } from "../users/users.store";
import { parseExtensionDay } from "../domain/dates";
import { servedRewardsOn } from "../challenges/challenges.loader";
import { deviceDateProblems, mergeSync, type SyncInput, type UserProgress } from "./sync.logic";
import { datesNeedingSets, type ServedRewards } from "./shared-challenges.logic";
import { syncRequestSchema, syncResponseSchema, type SyncRequest } from "./sync.schema";

/** One sync, with what the instance keeps between requests: the per-user queue and the served rewards. */
function syncer(ctx: AppContext) {
  // A datastore call that never settles stops holding its user's queue after this long (gRPC calls have deadlines
  // of their own, so this is only a backstop).
  const userLock = new KeyedLock(4 * ctx.config.firestoreTimeoutMs);
  const { userIdPepper: pepper, retentionDays, maxDevicesPerUser } = ctx.config;
  // The served sets' rewards, read only when a sync brings a completion no device reported before, and then kept
  // as long as the challenges route keeps a set (a re-curation shows here as soon as there).
  const rewards = ctx.cache<Record<string, number>>("servedRewards");

  /** parse (done by the route table) → check the days → merge in the user's transaction → the reply. */
  return async function syncOnce(request: SyncRequest, { userKey }: UserCaller) {
    const now = ctx.now();
    if (request.device) {
      const problems = deviceDateProblems(request.device, now);
      if (problems.length > 0) throw invalid("The request is not valid.", problems);
    }
    const input = toSyncInput(request, now, {
      deviceKey: request.device ? deviceKeyOf(userKey, request.device.deviceId, pepper) : undefined,
      anonymousId: anonymousIdOf(userKey, pepper),
      maxDevices: maxDevicesPerUser,
    });
    // The deadline covers the wait in the user's queue as well as the transaction: every request is answered
    // within FIRESTORE_TIMEOUT_MS, however many syncs of the same user are queued before it.
    const outcome = await ctx.data((db, deadline) =>
      userLock.run(
        userKey,
        () =>
          updateUser(
            db,
            userKey,
            async (existing) => {
              const rewardsOn = (date: string) => rewards.get(date, () => servedRewardsOn(db, date));
              return mergeSync(existing, { ...input, servedRewards: await rewardsNeeded(existing, input, rewardsOn) });
            },
            (progress, previous) => toStoredUser(progress, now, retentionDays, previous),
            now,
          ),
        deadline,
        unavailable,
      ),
    );
    return {
      synced: true as const,
      serverData: {
        lastSync: outcome.progress.lastSyncAt,
        data: outcome.merged,
        anonymousId: outcome.progress.anonymousId,
        leaderboardOptIn: outcome.progress.leaderboardOptIn,
        completedChallenges: outcome.completedChallenges,
      },
    };
  };
}

export function syncRoutes(ctx: AppContext): Route[] {
  const syncOnce = syncer(ctx);
  return [
    route({
      method: "post",
      path: "/sync",
      summary: "Sync progress (lossless multi-device merge)",
      description:
        "The userId may be sent as Bearer or as body.userId (if both, they must match). A device states in `device.brought` what it brings when it joins (its progress from before sync; zeros after an adopt): it counts once, at the device's first sync, whatever the order of devices. A device reports the served challenges its engine completed while syncing for this user in `device.completedChallenges` (never those its engine held completed when it joined: a join brings them as progress with merge, drops them with adopt, and nothing is taken back for them); each served challenge's reward counts once per user (a second device's duplicate is taken back from totalXP, challengesCompleted and the boards), and `serverData.completedChallenges` lists the user's completions for the caller's local day and the day before. Reported totals may be as large as the merged totals the server answers (bounds named by `x-bound`). A retired (deleted) id gets 410.",
      caller: "sync-user",
      body: syncRequestSchema,
      bodyDescription: "The extension's data, and optionally this device's counters",
      bodyName: "SyncRequest",
      responses: { 200: { description: "Merged progress", schema: syncResponseSchema, name: "SyncResponse" } },
      errors: [403],
      rateLimit: "syncs-per-user",
      handle: async ({ body: request, caller }) => ({ body: await syncOnce(request, caller).catch(refuseDeviceLimit) }),
    }),
  ];
}

/** The merge's refusal of one more device, in the contract's words (403); anything else as it was thrown. */
function refuseDeviceLimit(error: unknown): never {
  if (!(error instanceof DeviceLimitReached)) throw error;
  throw new AppError("forbidden", error.message, { details: [{ path: "device.deviceId", message: "device limit reached" }] });
}

/** The served sets' rewards this sync needs: only for completions that no device of the user reported before. */
async function rewardsNeeded(
  existing: UserProgress | null,
  input: SyncInput,
  rewardsOn: (date: string) => Promise<Record<string, number>>,
): Promise<ServedRewards> {
  const { device } = input;
  const dates = device ? datesNeedingSets(existing?.sharedChallenges, device.completedChallenges ?? [], device.localDate, input.now) : [];
  const served: ServedRewards = {};
  for (const date of dates) served[date] = await rewardsOn(date);
  return served;
}

function toSyncInput(
  request: SyncRequest,
  now: Date,
  ids: { deviceKey?: string; anonymousId: string; maxDevices: number },
): SyncInput {
  // The extension's whole export envelope is accepted as well as its bare {meditation, onboarding}.
  const progress = request.data.breathMaster ?? request.data;
  const meditation = progress.meditation ?? {};
  const { device } = request;
  return {
    now,
    totals: {
      xp: meditation.totalXP,
      meditationMs: meditation.totalMeditationTime,
      challengesCompleted: meditation.challengesCompleted,
    },
    reported: {
      currentStreak: meditation.currentStreak,
      longestStreak: meditation.longestStreak,
      todaySessionTime: meditation.todaySessionTime,
      lastMeditationDay:
        meditation.lastMeditationDate === undefined ? undefined : parseExtensionDay(meditation.lastMeditationDate),
    },
    onboarding: progress.onboarding ?? {},
    device:
      device && ids.deviceKey
        ? {
            key: ids.deviceKey,
            earned: device.earned,
            brought: device.brought,
            localDate: device.localDate,
            todaySessionTime: device.todaySessionTime,
            activeDays: device.activeDays,
            completedChallenges: device.completedChallenges,
            countingSince: device.countingSince,
          }
        : undefined,
    leaderboardOptIn: request.leaderboard?.optIn,
    anonymousId: ids.anonymousId,
    maxDevices: ids.maxDevices,
  };
}
