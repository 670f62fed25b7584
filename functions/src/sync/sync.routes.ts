/** POST /api/v1/sync: parse → merge (sync.logic) → store in one transaction → reply. */
import type { AppContext } from "../context";
import { invalid } from "../errors";
import { unavailable } from "../firestore";
import { deviceKeyOf, userKeyOf } from "../http/identity";
import { KeyedLock } from "../http/keyed-lock";
import { route, type Route } from "../http/route-table";
import { anonymousIdOf } from "../users/anonymous-id";
import { toStoredUser, updateUser } from "../users/users.store";
import { parseExtensionDay } from "../domain/dates";
import { deviceDateProblems, mergeSync, type SyncInput } from "./sync.logic";
import { syncRequestSchema, syncResponseSchema, type SyncRequest } from "./sync.schema";

export function syncRoutes(ctx: AppContext): Route[] {
  // A datastore call that never settles stops holding its user's queue after this long (gRPC calls have deadlines
  // of their own, so this is only a backstop).
  const userLock = new KeyedLock(4 * ctx.config.firestoreTimeoutMs);
  const { userIdPepper: pepper, retentionDays, maxDevicesPerUser } = ctx.config;

  return [
    route({
      method: "post",
      path: "/sync",
      summary: "Sync progress (lossless multi-device merge)",
      description:
        "The userId may be sent as Bearer or as body.userId (if both, they must match). A device states in `device.brought` what it brings when it joins (its progress from before sync; zeros after an adopt): it counts once, at the device's first sync, whatever the order of devices. A retired (deleted) id gets 410.",
      caller: "sync-user",
      body: syncRequestSchema,
      bodyDescription: "The extension's data, and optionally this device's counters",
      bodyName: "SyncRequest",
      responses: { 200: { description: "Merged progress", schema: syncResponseSchema, name: "SyncResponse" } },
      errors: [400, 401, 403, 410, 413, 415, 429, 503],
      rateLimit: "syncs-per-user",
      handle: async ({ body: request, caller }) => {
        const now = ctx.now();
        if (request.device) {
          const problems = deviceDateProblems(request.device, now);
          if (problems.length > 0) throw invalid("The request is not valid.", problems);
        }
        const userKey = userKeyOf(caller.userId!, pepper);
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
                (existing) => mergeSync(existing, input),
                (progress, previous) => toStoredUser(progress, now, retentionDays, previous),
                now,
              ),
            deadline,
            unavailable,
          ),
        );
        return {
          body: {
            synced: true,
            serverData: {
              lastSync: outcome.progress.lastSyncAt,
              data: outcome.merged,
              anonymousId: outcome.progress.anonymousId,
              leaderboardOptIn: outcome.progress.leaderboardOptIn,
            },
          },
        };
      },
    }),
  ];
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
          }
        : undefined,
    leaderboardOptIn: request.leaderboard?.optIn,
    anonymousId: ids.anonymousId,
    maxDevices: ids.maxDevices,
  };
}
