/**
 * What the VS Code layer's parts share: the extension's objects, the client, settings, status bar, and the one
 * place where a sync result turns into what the user sees (`settle`, with the question after "Clear All Data").
 */
import type { SyncClient } from "../core/sync-client";
import type { Tasks } from "../core/timers";
import type { MeditationStats, SyncResult } from "../core/types";
import type { KitContext, KitOptions, KitTracker, KitVscode } from "./api";
import type { Settings } from "./settings";
import type { StatusBar } from "./status-bar";

export interface Layer {
  vscode: KitVscode;
  context: KitContext;
  tracker: KitTracker;
  options: KitOptions;
  client: SyncClient;
  settings: Settings;
  status: StatusBar;
  /** Work the layer started in the background (a sync after a session, a prompt), for `idle()`. */
  tasks: Tasks;
  now: () => Date;
  /** Set once the cleared-data question is on screen, so that several syncs do not stack it. */
  asking?: boolean;
  /** Set by the kit's dispose(): callbacks the engine cannot unregister then do nothing. */
  disposed?: boolean;
}

/** Writing merged stats must not look like a change of the user's: the kit never syncs on its own writes. */
export function writeStatsInto(context: KitContext, tracker: KitTracker, statsKey: string): (stats: MeditationStats) => void {
  return (stats) => {
    if (tracker.replaceStats) return tracker.replaceStats(stats);
    void context.globalState.update(statsKey, stats); // a Memento holds the new value at once
    tracker.reloadFromStorage();
  };
}

/** A sync result as the user sees it: status bar, prompts, and — when the user asked — a message. */
export async function settle(layer: Layer, result: SyncResult, fromUser: boolean): Promise<SyncResult> {
  const { vscode } = layer;
  layer.status.problem = result.status === "offline" ? "offline, will retry" : result.status === "error" ? result.code : undefined;
  if (result.status === "synced") await refreshRank(layer);
  if (result.status === "gone") {
    await layer.settings.update("sync.enabled", false);
    void vscode.window.showInformationMessage(
      "Your synced Breath Master progress was deleted (from another device). Sync is now off here; your progress on this device stays.",
    );
  }
  if (result.status === "skipped" && result.reason === "local-data-cleared") void layer.tasks.track(askAboutClearedData(layer));
  if (fromUser) {
    if (result.status === "skipped" && result.reason === "privacy") {
      void vscode.window.showInformationMessage("Nothing was sent: data privacy is set to local-only.");
    } else if (result.status === "error") {
      void vscode.window.showErrorMessage(`Sync failed: ${result.message}`);
    } else if (result.status === "offline") {
      void vscode.window.showInformationMessage("The sync server cannot be reached; the kit will retry by itself.");
    }
  }
  layer.status.refresh();
  return result;
}

/**
 * This week's rank for the status bar, read after a sync when the user shows it (one GET; the boards are
 * rebuilt every few minutes, so a sync is often enough). Any failure just leaves the rank out.
 */
async function refreshRank(layer: Layer): Promise<void> {
  const s = layer.settings.read();
  if (!s.leaderboard || !s.rankInStatusBar) return;
  const board = await layer.client.boards.get("weekly", 1);
  layer.status.rank = board.ok && board.value.me ? `#${board.value.me.rank} this week` : undefined;
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
  if (choice === restore) await settle(layer, await layer.client.resolveClearedData("restore"), true);
  if (choice === leave || choice === remove) {
    const result = await layer.client.resolveClearedData(choice === leave ? "leave" : "delete");
    // Still paused after an error: the question comes back at the next sync.
    if (result.status === "error") void layer.vscode.window.showErrorMessage(`Not deleted: ${result.message}`);
    else await layer.settings.update("sync.enabled", false);
  }
  layer.status.refresh();
}
