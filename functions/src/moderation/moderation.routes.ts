/**
 * Moderation (admin): PUT / DELETE /api/v1/admin/hidden/{anonymousId} and GET /api/v1/admin/hidden. A hidden
 * user is left out of the global boards (never of circle boards) at once on this instance, on every other within
 * the board cache's lifetime, and by every later rebuild; nothing stored about their progress changes.
 */
import type { AppContext } from "../context";
import { recordAdminAction } from "../audit/audit.store";
import { AppError, invalid } from "../errors";
import { route, type Route } from "../http/route-table";
import { longAnonymousIdOf } from "../users/anonymous-id";
import { optedInNamed } from "../users/users.store";
import { forgetHiddenList } from "./hidden.cache";
import { hiddenKeyNamed } from "./hidden.logic";
import { hideUser, readHidden, unhideUser, type HiddenEntry } from "./hidden.store";
import { anonymousIdParamSchema, hiddenEntrySchema, hiddenListSchema, hideBodySchema } from "./moderation.schema";

/** Users of one short name looked at (two share one about once in 67 million pairs: anonymous-id.ts). */
const NAMESAKES_READ = 3;

const admin = { caller: "admin", rateLimit: "admin-per-ip" } as const;
const listed = ({ anonymousId, reason, note, hiddenAt }: HiddenEntry) => ({ anonymousId, reason, ...(note ? { note } : {}), hiddenAt });

export function moderationRoutes(ctx: AppContext): Route[] {
  return [
    route({
      ...admin,
      method: "put",
      path: "/admin/hidden/:anonymousId",
      summary: "Hide an entry from the global boards",
      description: "At once on the instance that took it, on every other within the board cache's lifetime (30 s); ranks close up. Circle boards and the user's data are untouched; the user's own `me` says `hidden`.",
      params: anonymousIdParamSchema,
      body: hideBodySchema,
      responses: { 200: { description: "Hidden", schema: hiddenEntrySchema } },
      errors: [403, 404],
      handle: async ({ params: { anonymousId }, body }) => {
        const userKey = await userKeyNamed(ctx, anonymousId);
        const short = anonymousId.split("-").slice(0, 3).join("-");
        const entry: HiddenEntry = {
          anonymousId,
          names: [short, longAnonymousIdOf(userKey, ctx.config.userIdPepper)],
          reason: body.reason,
          ...(body.note ? { note: body.note } : {}),
          hiddenAt: ctx.now().toISOString(),
        };
        await ctx.data((db) => hideUser(db, userKey, entry));
        forgetHiddenList(ctx);
        await recordAdminAction(ctx, "hidden.hide", anonymousId, body.reason);
        return { body: listed(entry) };
      },
    }),
    route({
      ...admin,
      method: "delete",
      path: "/admin/hidden/:anonymousId",
      summary: "Unhide an entry: back on the boards at the next rebuild at the latest",
      params: anonymousIdParamSchema,
      responses: { 204: { description: "No longer hidden" } },
      errors: [404],
      handle: async ({ params: { anonymousId } }) => {
        const userKey = hiddenKeyNamed(await ctx.data(readHidden), anonymousId);
        if (userKey === undefined || !(await ctx.data((db) => unhideUser(db, userKey)))) {
          throw new AppError("not_found", "No hidden entry of that name.");
        }
        forgetHiddenList(ctx);
        await recordAdminAction(ctx, "hidden.unhide", anonymousId);
        return { status: 204 };
      },
    }),
    route({
      ...admin,
      method: "get",
      path: "/admin/hidden",
      summary: "The hidden entries",
      responses: { 200: { description: "Newest first", schema: hiddenListSchema } },
      handle: async () => {
        const entries = Object.values(await ctx.data(readHidden)).sort((a, b) => (a.hiddenAt < b.hiddenAt ? 1 : a.hiddenAt > b.hiddenAt ? -1 : 0));
        return { body: { hidden: entries.map(listed) } };
      },
    }),
  ];
}

/**
 * The opted-in user shown under a public name (short, or long where two share the short one); 404 when none is.
 * Only opted-in users can be on a board, so only they can be hidden.
 */
async function userKeyNamed(ctx: AppContext, name: string): Promise<string> {
  const pepper = ctx.config.userIdPepper;
  const short = name.split("-").slice(0, 3).join("-");
  const keys = (await ctx.data((db) => optedInNamed(db, "daily", short, NAMESAKES_READ))).map((user) => user.userKey);
  const matches = name === short ? keys : keys.filter((key) => longAnonymousIdOf(key, pepper) === name);
  if (matches.length === 0) throw new AppError("not_found", "No user of that name.");
  if (matches.length > 1) {
    const longForms = matches.map((key) => longAnonymousIdOf(key, pepper)).join(", ");
    throw invalid("Several users share this name.", [{ path: "anonymousId", message: `names more than one user: hide one by its long form (${longForms})` }]);
  }
  return matches[0];
}
