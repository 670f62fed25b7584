/**
 * The question the kit asks before anything is sent for the first time (allowing export for sync; the one after
 * "Clear All Data" is beside `settle` in layer.ts) and the one notice it gives unasked: that a workspace's value of
 * a user-only setting is ignored.
 */
import { EXPORT_ALLOWED, maySend } from "../core/consent";
import type { Layer } from "./layer";

/**
 * Tells the user, once per session and value, that a workspace sets `sync.enabled`, `sync.endpoint`,
 * `gamification.dataPrivacy` or `leaderboard.enabled` and that the kit ignores it: only the user decides whether
 * and where their id goes, and whether their progress shows on the boards.
 */
export function noticeWorkspaceValues(layer: Layer): void {
  const fresh = layer.settings.workspaceValues().filter(({ key, value }) => {
    const told = `${key}=${JSON.stringify(value)}`;
    if (layer.toldAbout.has(told)) return false;
    layer.toldAbout.add(told);
    return true;
  });
  if (fresh.length === 0) return;
  const names = fresh.map(({ key }) => `breathMaster.${key}`).join(", ");
  layer.log(`This workspace sets ${names}: ignored, only the user's own settings decide whether and where progress is sent and whether it is on the boards.`);
  void layer.vscode.window.showInformationMessage(
    `This workspace's settings set ${names}. Breath Master Sync ignores them: whether and where your progress is sent, and whether it shows on the boards, is decided only in your user settings.`,
  );
}

/** Sync needs privacy `export-allowed`: asks once, at the moment the user turns something on. */
export async function ensureExportAllowed(layer: Layer): Promise<boolean> {
  if (maySend(layer.settings.read(), "any")) return true;
  const allow = "Allow sync";
  const answer = await layer.vscode.window.showInformationMessage(
    "Sync sends your progress totals (no names, no session logs) to the sync server. Your data privacy setting is local-only: allow export for sync?",
    allow,
  );
  if (answer !== allow) {
    layer.log("Export for sync not allowed by the user: nothing sent.");
    void layer.vscode.window.showInformationMessage(
      "Nothing is sent while data privacy is local-only. Sync stays paused; allow export (breathMaster.gamification.dataPrivacy) to sync.",
    );
    return false;
  }
  layer.log("Export for sync allowed by the user (data privacy set to export-allowed).");
  await layer.settings.update("gamification.dataPrivacy", EXPORT_ALLOWED);
  return true;
}
