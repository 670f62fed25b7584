/**
 * The questions the kit asks (allowing export for sync, what to do after "Clear All Data") and the one notice it
 * gives unasked: that a workspace's value of a user-only setting is ignored.
 */
import type { Layer } from "./vscode-layer";
import { problemOf, settle, showError, withProgress } from "./vscode-layer";

/**
 * Tells the user, once per session and value, that a workspace sets `sync.enabled`, `sync.endpoint` or
 * `gamification.dataPrivacy` and that the kit ignores it: only the user decides whether and where their id goes.
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
  layer.log(`This workspace sets ${names}: ignored, only the user's own settings decide whether and where progress is sent.`);
  void layer.vscode.window.showInformationMessage(
    `This workspace's settings set ${names}. Breath Master Sync ignores them: whether and where your progress is sent is decided only in your user settings.`,
  );
}

/** Sync needs privacy `export-allowed`: asks once, at the moment the user turns something on. */
export async function ensureExportAllowed(layer: Layer): Promise<boolean> {
  if (layer.settings.read().privacy === "export-allowed") return true;
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
  await layer.settings.update("gamification.dataPrivacy", "export-allowed");
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
  layer.log(`Local data was cleared while syncing; the user chose: ${choice ?? "nothing yet (asked again at the next sync)"}.`);
  if (choice === restore) await settle(layer, await layer.client.resolveClearedData("restore"), true, () => askAboutClearedData(layer));
  if (choice === leave || choice === remove) {
    try {
      const resolve = () => layer.client.resolveClearedData(choice === leave ? "leave" : "delete");
      await (choice === remove ? withProgress(layer, "Deleting your synced progress…", resolve) : resolve());
      await layer.settings.update("sync.enabled", false);
    } catch (error) {
      layer.log(`${choice} failed: ${problemOf(error)}.`);
      // Still paused: the question comes back at the next sync.
      showError(layer, `Not deleted: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  layer.status.refresh();
}
