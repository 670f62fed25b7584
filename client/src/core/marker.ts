/**
 * The bookkeeping changes that also write the marker into the stats (bookkeeping/state.ts, `KitState.mark`): starting
 * to count on joining, recording a pause after a wipe, and restoring after it. The marker goes in first, so that a
 * wipe after it shows.
 */
import { joinedState, observe, type KitState } from "./bookkeeping/state";
import { stillOpen, type ChallengeRef } from "./bookkeeping/challenge-rules";
import { randomUuid } from "./store";
import type { SyncDeps } from "./deps";
import type { JoinMode, MeditationStats } from "./types";

/**
 * New bookkeeping from the stats as they are now, and a new marker written into them. What the kit had handed
 * (`handed`: under the id it leaves; and whatever it kept when it forgot an id) and the engine's list still holds
 * open stays handed: paid from now on, it is this install's own, reported even if the next day's list replaces it
 * before the kit hands it again.
 */
export async function startCounting(deps: SyncDeps, deviceId: string, mode: JoinMode, extra: Partial<KitState> = {}, handed: ChallengeRef[] = []): Promise<void> {
  const stats = deps.getStats();
  const open = stillOpen([...handed, ...deps.store.handedBefore()], stats);
  const state = { ...joinedState(deviceId, stats, deps.now(), mode, randomUuid()), ...extra, ...(open.length > 0 ? { handed: open } : {}) };
  await deps.writeStats({ ...stats, syncMark: state.mark });
  await deps.store.save(state);
  await deps.store.dropHandedBefore();
}

/**
 * Joins `userId` (claimed with a code): new bookkeeping under a new device id, counting from the stats as they are
 * now. `retiring` is an id only this install ever had (made here, never given a code), of no use to anyone now:
 * its record goes; bookkeeping that cannot say (from an older kit, or an id found without it) keeps the record.
 * Undefined when nothing changes: a code of the progress this install already syncs (starting over would bring its
 * totals, the user's, a second time with "merge", or leave its device slot's count behind).
 */
export async function joinUser(deps: SyncDeps, userId: string, mode: JoinMode): Promise<{ retiring?: string } | undefined> {
  const oldId = await deps.store.userId();
  const old = deps.store.read();
  if (oldId === userId && old && !old.cleared) return undefined;
  await deps.store.setUserId(userId);
  // A new device on the server: a slot this install had there before (it synced this user once, then joined
  // another) holds counts from then, which a count from zero would stay below. What the kit handed under the old
  // id (or before it forgot a deleted one) and the engine's list still holds open stays handed (startCounting).
  await startCounting(deps, randomUuid(), mode, { shared: true }, old?.handed ?? []);
  return { retiring: oldId && oldId !== userId && old?.syncedOnce && old.shared === false ? oldId : undefined };
}

/** "Restore synced progress": what was earned since the wipe is counted first, then sync resumes with a new marker. */
export async function resumeAfterWipe(deps: SyncDeps): Promise<void> {
  const state = deps.store.read();
  if (!state) return;
  const stats = deps.getStats();
  const observed: KitState = { ...observe(state, stats, deps.now()), cleared: undefined, pauseMarked: undefined, mark: randomUuid() };
  await deps.writeStats({ ...stats, syncMark: observed.mark });
  await deps.store.save(observed);
}

/**
 * Records the pause after a wipe (`observed` is the bookkeeping of `stats`, read just now): a new marker goes into
 * the wiped stats, so that one more "Clear All Data" before the user answers shows (bookkeeping/state.ts, isNewWipe)
 * and what was earned after it is counted in full at "Restore".
 */
export async function recordPause(deps: SyncDeps, observed: KitState, stats: MeditationStats): Promise<void> {
  const mark = randomUuid();
  await deps.writeStats({ ...stats, syncMark: mark });
  await deps.store.save({ ...observed, mark, pauseMarked: true });
}
