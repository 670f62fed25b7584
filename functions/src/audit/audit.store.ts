/**
 * The audit log of admin actions: one document per action in `audit/{id}`, written after the action succeeded,
 * read newest first by GET /api/v1/admin/audit. It records when, what and which object (a date, a job, a public
 * name) — never the key, the caller's address or a request body. The id starts with the time, so ordering by id
 * is ordering by time, and the id of the last entry of a page is the cursor of the next.
 */
import { randomBytes } from "node:crypto";
import type { Firestore } from "firebase-admin/firestore";
import type { AppContext } from "../context";
import { firestoreTypes } from "../firestore";

export const AUDIT = "audit";

export const AUDIT_ACTIONS = ["challenges.curate", "challenges.revert", "job.run", "hidden.hide", "hidden.unhide"] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  id: string;
  at: string;
  action: AuditAction;
  /** What the action was about: a date, a job's name, a public name. */
  object: string;
  /** A closed, short detail where the action has one (a hide's reason); never free text the admin typed. */
  detail?: string;
}

/** Counts this instance's entries, so that two of one millisecond still sort in the order they were made. */
let sequence = 0;

/** `<at>-<sequence><random>`: in time order, then (within a millisecond) in this instance's order. */
export const AUDIT_ID = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z-\d{6}[0-9a-f]{4}$/;

/** Records an admin action (one write). */
export async function recordAdminAction(ctx: AppContext, action: AuditAction, object: string, detail?: string): Promise<void> {
  const at = ctx.now().toISOString();
  sequence = (sequence + 1) % 1_000_000;
  const id = `${at}-${String(sequence).padStart(6, "0")}${randomBytes(2).toString("hex")}`;
  const entry: AuditEntry = { id, at, action, object, ...(detail === undefined ? {} : { detail }) };
  await ctx.data((db) => db.collection(AUDIT).doc(id).set(entry));
}

/** Up to `limit` entries, newest first, strictly older than the entry `before` (an id from an earlier page). */
export async function readAudit(db: Firestore, limit: number, before?: string): Promise<AuditEntry[]> {
  const { FieldPath } = firestoreTypes();
  let query = db.collection(AUDIT).orderBy(FieldPath.documentId(), "desc");
  if (before !== undefined) query = query.startAfter(before);
  const snapshot = await query.limit(limit).get();
  return snapshot.docs.map((doc) => doc.data() as AuditEntry);
}
