/**
 * Retention for circles, one small function the retention job calls: members whose user document went (deleted by
 * the purge, or by Firestore's TTL policy, which runs no code of ours) leave their circles, and circles left empty
 * are deleted with their codes; user records that list a circle without being among its members (stale ids) are
 * repaired. A circle costs one read and one `count()` per run; only one whose member list and members' documents
 * disagree is read in full and repaired.
 */
import type { AppContext } from "../context";
import { countCircleMembers } from "../users/user-circles.store";
import { circlesAfter, newCircleId, repairCircle, repairListers } from "./circles.store";

export const CIRCLE_PAGE_SIZE = 200;
/** Bounds one run; it starts at a random circle id and wraps around, so over the days every circle is visited. */
export const MAX_CIRCLE_PAGES = 25;

export async function purgeEmptyCircles(
  ctx: AppContext,
  start: string = newCircleId(),
): Promise<{ circlesChecked: number; membersDropped: number; circlesDeleted: number; recordsRepaired: number }> {
  const summary = { circlesChecked: 0, membersDropped: 0, circlesDeleted: 0, recordsRepaired: 0 };
  // Two passes: from `start` to the end of the ids, then from the beginning up to `start`.
  let after = start;
  let wrapped = false;
  for (let page = 0; page < MAX_CIRCLE_PAGES; page++) {
    const circles = await ctx.data((db) => circlesAfter(db, after, CIRCLE_PAGE_SIZE));
    const inRange = wrapped ? circles.filter((c) => c.circleId <= start) : circles;
    for (const circle of inRange) {
      summary.circlesChecked += 1;
      const listed = await ctx.data((db) => countCircleMembers(db, circle.circleId));
      if (listed === circle.members && circle.members > 0) continue;
      const repair = await ctx.data((db) => repairCircle(db, circle.circleId));
      summary.membersDropped += repair.dropped;
      if (repair.deleted) summary.circlesDeleted += 1;
      // More records list the circle than it has members: stale ids in user records, taken out.
      if (listed > circle.members - repair.dropped) summary.recordsRepaired += await ctx.data((db) => repairListers(db, circle.circleId));
    }
    if (inRange.length < circles.length || (wrapped && circles.length < CIRCLE_PAGE_SIZE)) break;
    if (circles.length < CIRCLE_PAGE_SIZE) {
      if (wrapped || start === "") break;
      wrapped = true;
      after = "";
      continue;
    }
    after = circles[circles.length - 1].circleId;
  }
  return summary;
}
