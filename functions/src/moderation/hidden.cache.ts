/**
 * The per-instance copy of the hidden list, shared by the boards (which apply it when serving) and the moderation
 * routes (which forget it after a change, so the instance that took a hide serves it at once). Other instances
 * read it again within BOARD_CACHE_SECONDS, the board cache's own lifetime: a warm board read still costs nothing.
 */
import type { AppContext } from "../context";
import { TtlCache } from "../http/ttl-cache";
import { BOARD_CACHE_SECONDS } from "../leaderboard/leaderboard.store";
import { readHidden, type HiddenList } from "./hidden.store";

const caches = new WeakMap<AppContext, TtlCache<HiddenList>>();
const KEY = "hidden";

function cacheOf(ctx: AppContext): TtlCache<HiddenList> {
  let cache = caches.get(ctx);
  if (!cache) {
    cache = new TtlCache<HiddenList>(BOARD_CACHE_SECONDS * 1000, () => ctx.now().getTime());
    caches.set(ctx, cache);
  }
  return cache;
}

/** The hidden list as this instance knows it (one read per cache lifetime). */
export function hiddenList(ctx: AppContext): Promise<HiddenList> {
  return cacheOf(ctx).get(KEY, () => ctx.data(readHidden));
}

/** After a hide or an unhide on this instance: the next board it serves reads the list again. */
export function forgetHiddenList(ctx: AppContext): void {
  cacheOf(ctx).delete(KEY);
}
