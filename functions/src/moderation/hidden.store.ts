/**
 * The hidden list: which users an operator left out of the global boards, in one small document,
 * `moderation/hidden`, keyed by user key. One document, so that serving a board reads it once per cache lifetime
 * (never per user), and a rebuild once per period. Hiding stores nothing in the user's own document: their
 * progress, circles and everything else stay as they were.
 */
import type { Firestore } from "firebase-admin/firestore";
import { AppError } from "../errors";

export const MODERATION = "moderation";
export const HIDDEN_DOC = "hidden";
/** Entries the list may hold (each is a few hundred bytes; the document stays far below Firestore's 1 MiB). */
export const MAX_HIDDEN = 1000;

export const HIDE_REASONS = ["implausible-gains", "other"] as const;
export type HideReason = (typeof HIDE_REASONS)[number];

export interface HiddenEntry {
  /** The user's short public name. */
  anonymousId: string;
  /** Every form the boards may show the user under (short and long), for serving before the next rebuild. */
  names: string[];
  reason: HideReason;
  note?: string;
  hiddenAt: string;
}

/** Hidden entries by user key. */
export type HiddenList = Record<string, HiddenEntry>;

const hiddenRef = (db: Firestore) => db.collection(MODERATION).doc(HIDDEN_DOC);

export async function readHidden(db: Firestore): Promise<HiddenList> {
  const entries: unknown = (await hiddenRef(db).get()).get("entries");
  return entries && typeof entries === "object" ? (entries as HiddenList) : {};
}

/**
 * Changes the list in a transaction and writes it whole (an entry that goes is not written again: no field
 * deletes, which every emulator honours). `change` returns the new list, or `undefined` to write nothing.
 */
async function changeHidden(db: Firestore, change: (list: HiddenList) => HiddenList | undefined): Promise<boolean> {
  return db.runTransaction(async (tx) => {
    const snapshot = await tx.get(hiddenRef(db));
    const entries: unknown = snapshot.get("entries");
    const next = change(entries && typeof entries === "object" ? { ...(entries as HiddenList) } : {});
    if (next === undefined) return false;
    tx.set(hiddenRef(db), { entries: next });
    return true;
  });
}

/** Hides (or re-hides, with the new reason) the user. 403 when the list is full. */
export async function hideUser(db: Firestore, userKey: string, entry: HiddenEntry): Promise<void> {
  await changeHidden(db, (list) => {
    if (!(userKey in list) && Object.keys(list).length >= MAX_HIDDEN) {
      throw new AppError("forbidden", `The hidden list is full (${MAX_HIDDEN} entries): unhide some first.`);
    }
    return { ...list, [userKey]: entry };
  });
}

/** Takes the user off the list; false when they were not on it (nothing is written). */
export async function unhideUser(db: Firestore, userKey: string): Promise<boolean> {
  return changeHidden(db, (list) => {
    if (!(userKey in list)) return undefined;
    const { [userKey]: _gone, ...rest } = list;
    return rest;
  });
}
