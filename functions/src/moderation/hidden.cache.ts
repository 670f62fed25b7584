/**
 * The per-instance copy of the hidden list, shared by the boards (which apply it when serving) and the moderation
 * routes (which forget it after a change, so the instance that took a hide serves it at once). Other instances
 * read it again within the lifetime of the boards' own cache (context.ts CACHES: the same seconds), so a warm
 * board read still costs nothing.
 */
import type { AppContext } from "../context";
import { readHidden, type HiddenList } from "./hidden.store";

const KEY = "hidden";

/** The hidden list as this instance knows it (one read per cache lifetime). */
export function hiddenList(ctx: AppContext): Promise<HiddenList> {
  return ctx.cache<HiddenList>("hiddenList").get(KEY, () => ctx.data(readHidden));
}

/** After a hide or an unhide on this instance: the next board it serves reads the list again. */
export function forgetHiddenList(ctx: AppContext): void {
  ctx.cache<HiddenList>("hiddenList").delete(KEY);
}
