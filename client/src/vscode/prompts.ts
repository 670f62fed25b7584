/** The question the kit asks before anything is sent for the first time: allowing export for sync. */
import { EXPORT_ALLOWED, maySend } from "../core/consent";
import type { Layer } from "./layer";

/** Sync needs privacy `export-allowed`: asks once, at the moment the user turns something on. */
export async function ensureExportAllowed(layer: Layer): Promise<boolean> {
  if (maySend(layer.settings.read(), "any")) return true;
  const allow = "Allow sync";
  const answer = await layer.vscode.window.showInformationMessage(
    "Sync sends your progress totals (no names, no session logs) to the sync server. Your data privacy setting is local-only: allow export for sync?",
    allow,
  );
  if (answer !== allow) {
    void layer.vscode.window.showInformationMessage(
      "Nothing is sent while data privacy is local-only. Sync stays paused; allow export (breathMaster.gamification.dataPrivacy) to sync.",
    );
    return false;
  }
  await layer.settings.update("gamification.dataPrivacy", EXPORT_ALLOWED);
  return true;
}
