/**
 * "May this install send?" — decided here and nowhere else. The network door (http.ts) asks it right before every
 * request leaves; the VS Code layer asks it before it schedules, shows or offers anything that would send.
 */
import type { SkipReason, SyncPermission } from "./types";

/** The privacy value under which anything may leave the machine (`breathMaster.gamification.dataPrivacy`). */
export const EXPORT_ALLOWED = "export-allowed";

/** Which permission a request needs: "sync" and "account" need sync on; every request needs `export-allowed`. */
export type Needs = "sync" | "account" | "any";

/** `true` when a request of this kind may leave now, or why it may not. */
export function consentFor(permission: SyncPermission, needs: Needs): true | Extract<SkipReason, "privacy" | "sync-off"> {
  if (permission.privacy !== EXPORT_ALLOWED) return "privacy";
  if (needs !== "any" && !permission.syncEnabled) return "sync-off";
  return true;
}

/** Whether a request of this kind may leave now. */
export const maySend = (permission: SyncPermission, needs: Needs = "sync"): boolean => consentFor(permission, needs) === true;
