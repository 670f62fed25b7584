/**
 * Breath Master Sync — the client kit's core, as one import. Zero dependencies, no `vscode` import: the whole
 * folder is copied into the extension's `src/sync/` and plain `tsc` compiles it (ES2020, CommonJS, strict). It
 * uses the global `fetch`.
 *
 * Correct by construction:
 * - It reads the stats itself, at the moment it needs them (`getStats`), and writes merged stats itself, through
 *   the one writer it is given (`writeStats`). No caller ever hands it a snapshot that could be stale.
 * - What this device earned is counted from its own observations: each time it reads the stats it adds what the
 *   totals grew since the last value it saw *or wrote*, and it remembers what it wrote. XP that `writeStats`
 *   brought in from other devices is never counted as this device's (core/bookkeeping/state.ts).
 * - Today's device time is this device's own, never the merged sum it wrote.
 * - One sync at a time per install; a sync asked for while one runs is folded into one follow-up (core/sync-client.ts).
 * - Permission (sync on, privacy `export-allowed`) is read right before every request, of every method: under
 *   `local-only` not one request leaves, whatever was scheduled before (core/consent.ts decides, core/http.ts asks).
 * - Failures are values from one closed set (`Problem`): network trouble, 408, 429 and 5xx retry with backoff and
 *   jitter (honouring Retry-After); other answers stop and are reported. 410 `gone` (the id was deleted from
 *   another install) makes this install forget the id and stop. Nothing the kit expects throws: `sync()` answers a
 *   `SyncResult`, every resource method (`client.pairing`, `.boards`, `.challenges`, `.yourData`, `.circles`) an
 *   `Outcome` — `{ ok: true, value }` or `{ ok: false, problem }`.
 */
export * from "./core/types";
export { SyncClient } from "./core/sync-client";
export { Pairing, type PairingCode } from "./core/resources/pairing";
export { Boards } from "./core/resources/boards";
export { Challenges } from "./core/resources/challenges";
export { YourData } from "./core/resources/your-data";
export { Circles, type CircleBoard, type CircleCode, type CircleList, type CreatedCircle, type JoinedCircle } from "./core/resources/circles";
export { isRetryable, refusedAs, apiBase, describeProblem, type Outcome, type Problem } from "./core/http";
export { localDay, dayFromExtensionDate, extensionDateOf } from "./core/days";
export { toEngineChallenges } from "./core/bookkeeping/challenge-rules";
export { joinedState, observe, mergedStats, type KitState } from "./core/bookkeeping/state";
