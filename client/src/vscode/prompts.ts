/** The questions the kit asks: allowing export for sync, and what to do after "Clear All Data". */
import { EXPORT_ALLOWED, maySend } from "../core/consent";
import type { Layer } from "./layer";
import { settle } from "./layer";

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

/** After a wipe the kit pauses and asks; it never decides for the user. */
export async function askAboutClearedData(layer: Layer): Promise<void> {
  if (layer.asking) return;
  layer.asking = true;
  const restore = "Restore synced progress";
  const leave = "Stop syncing this device";
  const remove = "Delete synced progress everywhere";
  let choice: string | undefined;
  try {
    choice = await layer.vscode.window.showWarningMessage(
      "Breath Master's data was cleared on this device while it syncs. Sync is paused until you choose.",
      { modal: false },
      restore,
      leave,
      remove,
    );
  } finally {
    layer.asking = false;
  }
  if (choice === restore) await settle(layer, await layer.client.resolveClearedData("restore"), true, () => askAboutClearedData(layer));
  if (choice === leave || choice === remove) {
    try {
      await layer.client.resolveClearedData(choice === leave ? "leave" : "delete");
      await layer.settings.update("sync.enabled", false);
    } catch (error) {
      // Still paused: the question comes back at the next sync.
      void layer.vscode.window.showErrorMessage(`Not deleted: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  layer.status.refresh();
}
