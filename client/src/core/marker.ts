/**
 * The bookkeeping changes that also write the marker into the stats (bookkeeping/state.ts, `KitState.mark`): starting
 * to count on joining, recording a pause after a wipe, and restoring after it. The marker goes in first, so that a
 * wipe after it shows.
 */
import { joinedState, observe, type KitState } from "./bookkeeping/state";
import { randomUuid } from "./store";
import type { SyncDeps } from "./deps";
import type { JoinMode, MeditationStats } from "./types";

/** New bookkeeping from the stats as they are now, and a new marker written into them. */
export async function startCounting(deps: SyncDeps, deviceId: string, mode: JoinMode, extra: Partial<KitState> = {}): Promise<void> {
  const stats = deps.getStats();
  const state = { ...joinedState(deviceId, stats, deps.now(), mode, randomUuid()), ...extra };
  await deps.writeStats({ ...stats, syncMark: state.mark });
  await deps.store.save(state);
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
