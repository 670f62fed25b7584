/** POST /api/v1/sync: parse → merge (sync.logic) → store in one transaction → reply. */
import { Router, type Request } from "express";
import type { AppContext } from "../context";
import { AppError, invalid } from "../errors";
import { guarded, unavailable } from "../firestore";
import { parseExtensionDay } from "../domain/dates";
import { bearerToken, deviceKeyOf, isUuidV4, userKeyOf } from "../http/identity";
import { KeyedLock } from "../http/keyed-lock";
import { parseOrReject } from "../http/validate";
import { anonymousIdOf } from "./anonymous-id";
import { deviceDateProblems, mergeSync, type SyncInput } from "./sync.logic";
import { syncRequestSchema, type SyncRequest } from "./sync.schema";
import { syncUserTransaction, toStoredUser } from "./sync.store";

export function syncRoutes(ctx: AppContext): Router {
  const router = Router();
  // A datastore call that never settles stops holding its user's queue after this long (gRPC calls have deadlines
  // of their own, so this is only a backstop).
  const userLock = new KeyedLock(4 * ctx.config.firestoreTimeoutMs);
  const { userIdPepper: pepper, retentionDays, firestoreTimeoutMs, maxDevicesPerUser } = ctx.config;

  router.post("/sync", async (req, res) => {
    const request = parseOrReject(syncRequestSchema, req.body);
    const userId = syncUserId(req, request.userId);
    const now = ctx.now();
    if (request.device) {
      const problems = deviceDateProblems(request.device, now);
      if (problems.length > 0) throw invalid("The request is not valid.", problems);
    }

    const userKey = userKeyOf(userId, pepper);
    const input = toSyncInput(request, now, {
      deviceKey: request.device ? deviceKeyOf(userKey, request.device.deviceId, pepper) : undefined,
      anonymousId: anonymousIdOf(userKey, pepper),
      maxDevices: maxDevicesPerUser,
    });
    // The deadline covers the wait in the user's queue as well as the transaction: every request is answered
    // within FIRESTORE_TIMEOUT_MS, however many syncs of the same user are queued before it.
    const deadline = Date.now() + firestoreTimeoutMs;
    const outcome = await guarded(
      () =>
        userLock.run(
          userKey,
          () =>
            syncUserTransaction(
              ctx.db(),
              userKey,
              (existing) => mergeSync(existing, input),
              (progress) => toStoredUser(progress, now, retentionDays),
            ),
          deadline,
          unavailable,
        ),
      firestoreTimeoutMs,
    );

    res.json({
      synced: true,
      serverData: {
        lastSync: outcome.progress.lastSyncAt,
        data: outcome.merged,
        anonymousId: outcome.progress.anonymousId,
        leaderboardOptIn: outcome.progress.leaderboardOptIn,
      },
    });
  });

  return router;
}

/**
 * The userId may come as `Authorization: Bearer` or as `body.userId` (the seed brief's plain client). On this
 * route a malformed id is invalid input (400); a missing one is 401.
 */
function syncUserId(req: Request, bodyUserId: string | undefined): string {
  const token = bearerToken(req);
  if (token !== undefined && !isUuidV4(token)) {
    throw invalid("The request is not valid.", [{ path: "authorization", message: "must be Bearer <UUID v4>" }]);
  }
  if (token !== undefined && bodyUserId !== undefined && token.toLowerCase() !== bodyUserId.toLowerCase()) {
    throw invalid("The userId in the body and in Authorization differ.", [
      { path: "userId", message: "differs from the Authorization header" },
    ]);
  }
  const userId = token ?? bodyUserId;
  if (userId === undefined) {
    throw new AppError("unauthorized", "Send your userId as `Authorization: Bearer <userId>` or in the body.");
  }
  return userId.toLowerCase();
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
