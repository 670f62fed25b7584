/**
 * Bounds on what a sync may carry: pure numbers, in the domain, so the merge rules (sync/counters.logic.ts) and the
 * request schemas (sync/sync.schema.ts) read them from one place.
 */
import { DEVICE_LIMIT_CEILING } from "./progress";

/*
 * Bounds. A device's own counters (`earned`, `brought`) have per-device bounds; the merged totals a user can reach
 * are `baseline + Σ devices`, so the bounds on reported totals are the per-device ones times what at most
 * DEVICE_LIMIT_CEILING devices can each bring and earn. So whatever the server answers, a client can post back
 * (docs/architecture.md, "Bounds"). Each bound carries its name into the OpenAPI document (`x-bound`), and
 * `npm run gen:client-types` emits it as a constant for the client kit: one source for both sides.
 */
/** 10^7 XP is about 1.6 years of non-stop breathing at the fastest pace: far beyond any one install's history. */
export const MAX_DEVICE_XP = 10_000_000;
/** 10^12 ms is about 31 years of continuous breathing: far beyond any real total, well inside a safe integer. */
export const MAX_DEVICE_MEDITATION_MS = 1_000_000_000_000;
export const MAX_DEVICE_CHALLENGES = 1_000_000;
/** A device brings at most its bound and earns at most its bound, on each of at most DEVICE_LIMIT_CEILING devices. */
export const MAX_TOTAL_XP = 2 * DEVICE_LIMIT_CEILING * MAX_DEVICE_XP;
export const MAX_TOTAL_MEDITATION_MS = 2 * DEVICE_LIMIT_CEILING * MAX_DEVICE_MEDITATION_MS;
export const MAX_TOTAL_CHALLENGES = 2 * DEVICE_LIMIT_CEILING * MAX_DEVICE_CHALLENGES;
/** A local day lasts at most 25 hours (DST), so one device's meditation time on a day cannot be more. */
export const MAX_DAY_MS = 25 * 3_600_000;
/** The merged "today" sums the devices on the caller's local day. */
export const MAX_TOTAL_DAY_MS = DEVICE_LIMIT_CEILING * MAX_DAY_MS;
export const MAX_STREAK = 100_000;
export const MAX_SESSIONS = 1_000;
export const MAX_ACTIVE_DAYS = 400;
/** Seven local days of at most four served challenges each, with room for re-curated days. */
export const MAX_COMPLETED_CHALLENGES = 32;
export const MAX_CHALLENGE_ID_LENGTH = 100;
