/**
 * Retention: users with no sync for RETENTION_DAYS (and tombstones of retired ids after as long), and pairing
 * codes past their ten minutes, are deleted. In production Firestore's TTL policy on `expireAt` does this too
 * (within about a day); this job makes it exact and works under emulators, which run no TTL.
 *
 * Paged and proportional to what expired: each page is one query for the oldest expired documents (ids only)
 * and one batch of deletes — nothing per user. A user's pairing codes need no lookup of their own: a code lives
 * ten minutes, so the codes of a user idle for RETENTION_DAYS expired long ago and go with the codes' own pages.
 * A run that stops early (its page budget, a timeout, an outage) resumes where it stopped: every page is
 * "the oldest expired documents left", so the next run starts with what this one did not reach.
 * After the users, the retention job (ops/jobs.ts) lets circles drop the members whose user document is gone
 * (circles/circles.job.ts).
 */
import type { Firestore } from "firebase-admin/firestore";
import type { AppContext } from "../context";
import { deleteExpiredCodes } from "../pairing/pairing.store";
import { deleteExpiredUsers } from "../users/users.store";

/** One batch of deletes (Firestore's batch limit is 500 writes). */
export const PAGE_SIZE = 500;
/**
 * Bounds one run to 50,000 deletions per collection (about a minute); what is left waits for the next run. At a
 * million users, a day's churn is a few thousand (docs/performance.md), so a daily run keeps up tenfold over.
 */
export const MAX_PAGES = 100;

export interface PurgeOptions {
  pageSize?: number;
  maxPages?: number;
}

type DeletePage = (db: Firestore, now: Date, limit: number) => Promise<number>;

/** Deletes expired documents through their store, page by page; `more` says the budget ended before they did. */
async function purgeCollection(ctx: AppContext, deletePage: DeletePage, now: Date, pageSize: number, maxPages: number) {
  let deleted = 0;
  let pages = 0;
  while (pages < maxPages) {
    const count = await ctx.data((db) => deletePage(db, now, pageSize));
    pages += 1;
    deleted += count;
    if (count < pageSize) return { deleted, pages, more: false };
  }
  return { deleted, pages, more: true };
}

export async function purgeExpired(ctx: AppContext, options: PurgeOptions = {}): Promise<Record<string, unknown>> {
  const now = ctx.now();
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const maxPages = options.maxPages ?? MAX_PAGES;
  const users = await purgeCollection(ctx, deleteExpiredUsers, now, pageSize, maxPages);
  const codes = await purgeCollection(ctx, deleteExpiredCodes, now, pageSize, maxPages);
  return {
    usersDeleted: users.deleted,
    pairingCodesDeleted: codes.deleted,
    pages: users.pages + codes.pages,
    // Left for the next run (which starts with them): the page budget ended before the expired documents did.
    more: users.more || codes.more,
  };
}
