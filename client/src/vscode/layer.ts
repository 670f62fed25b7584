/**
 * What the VS Code layer's parts share: the extension's objects, the client, settings, status bar, the output
 * channel, progress, and the one place where a sync result turns into what the user sees (`settle`, with the
 * question after "Clear All Data").
 */
import { describeProblem, refusedAs, type Outcome, type Problem } from "../core/http";
import type { SyncClient } from "../core/sync-client";
import type { Tasks } from "../core/timers";
import type { MeditationStats, SyncResult } from "../core/types";
import type { KitContext, KitOptions, KitTracker, KitVscode, KitWebviewPanel } from "./api";
import type { KitSettings, Settings } from "./settings";
import { rankText, type StatusBar } from "./status-bar";

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
  /**
   * One line in the "Breath Master Sync" output channel: what the kit did and why. Never an id (user, anonymous,
   * circle), a code or a key: a log is what users paste into bug reports.
   */
  log(line: string): void;
  /** Opens the output channel (the "Show Log" button of an error). */
  showLog(): void;
  /** The workspace values of user-only settings the user was already told about this session (`key=value`). */
  toldAbout: Set<string>;
  /** The settings as the kit last acted on them, to tell a real change from a workspace's value changing. */
  settingsSeen?: KitSettings;
  /** The panel showing a circle's board, while it is open. */
  boardPanel?: KitWebviewPanel;
}

/**
 * Runs a request the user is waiting for under VS Code's progress UI: a notification with a title for commands
 * (pairing, circles, export, delete), the window's status-bar spinner for Sync Now. Prompts stay outside it.
 */
export async function withProgress<T>(layer: Layer, title: string, task: () => Promise<T>, where: "notification" | "window" = "notification"): Promise<T> {
  const { ProgressLocation } = layer.vscode;
  const location = (where === "window" ? ProgressLocation.Window : ProgressLocation.Notification) as never;
  return layer.vscode.window.withProgress({ location, title, cancellable: false }, task);
}

/** A request the user waits for: its progress title, the words of its failure, what an unknown code means. */
export interface UserRequest {
  title: string;
  failed: string;
  /** Shown instead when the server knows no such code (`not_found`). */
  unknownCode?: string;
}

/**
 * Runs a request the user waits for under progress; a failure is logged (its kind and code, never its text) and
 * shown to the user. Answers the outcome, for the caller to go on with its value.
 */
export async function forUser<T>(layer: Layer, request: UserRequest, task: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
  const outcome = await withProgress(layer, request.title, task);
  if (outcome.ok) return outcome;
  layer.log(`${request.failed}: ${problemOf(outcome.problem)}.`);
  const unknown = request.unknownCode !== undefined && refusedAs(outcome.problem, "not_found");
  showError(layer, unknown ? request.unknownCode! : `${request.failed}: ${describeProblem(outcome.problem)}`);
  return outcome;
}

/** An error message with a "Show Log" button, which opens the output channel (what was tried, and why it failed). */
export function showError(layer: Layer, message: string): void {
  const showLog = "Show Log";
  void Promise.resolve(layer.vscode.window.showErrorMessage(message, showLog)).then((answer) => {
    if (answer === showLog && !layer.disposed) layer.showLog();
  });
}

/** Why a request failed, for the output channel: the kind and the server's code, never its text or the request. */
export function problemOf(problem: Problem): string {
  if (problem.kind === "refused") return `refused by the server (${problem.status} ${problem.code})`;
  return problem.kind === "unreachable" ? "the server could not be reached" : `not sent (${problem.reason})`;
}

/** A sync result in the output channel's words, with what started the sync (no ids, no codes, no server text). */
function logResult(layer: Layer, result: SyncResult, why: string): void {
  if (result.status === "synced") layer.log(`Synced (${why}): ${result.serverData.data.meditation.totalXP} XP in total.`);
  else if (result.status === "skipped") layer.log(`Sync skipped (${why}): ${result.reason}.`);
  else if (result.status === "offline") layer.log(`Server unreachable (${why}); retrying in ${Math.round(result.retryInMs / 1000)} s.`);
  else if (result.status === "error") layer.log(`Sync refused by the server (${why}): ${result.code}, not retried.`);
  else layer.log("The synced data was deleted (from another device): sync turned off here.");
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
export async function settle(
  layer: Layer,
  result: SyncResult,
  fromUser: boolean,
  why = fromUser ? "asked by the user" : "in the background",
): Promise<SyncResult> {
  const { vscode } = layer;
  logResult(layer, result, why);
  layer.status.problem = result.status === "offline" ? "offline" : result.status === "error" ? result.code : undefined;
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
      showError(layer, `Sync failed: ${result.message}`);
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
  if (!board.ok) layer.log(`This week's rank not read: ${problemOf(board.problem)}.`);
  layer.status.rank = board.ok ? rankText(board.value.me) : undefined;
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
  if (choice === restore) await settle(layer, await layer.client.resolveClearedData("restore"), true);
  if (choice === leave || choice === remove) {
    const resolve = () => layer.client.resolveClearedData(choice === leave ? "leave" : "delete");
    const result = await (choice === remove ? withProgress(layer, "Deleting your synced progress…", resolve) : resolve());
    if (result.status === "error") {
      layer.log(`${choice} failed: ${result.code}.`);
      // Still paused: the question comes back at the next sync.
      showError(layer, `Not deleted: ${result.message}`);
    } else await layer.settings.update("sync.enabled", false);
  }
  layer.status.refresh();
}
