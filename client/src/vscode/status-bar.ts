/**
 * The status-bar item "Breath Master Sync": "Last sync: 5 minutes ago" (click = Sync Now), or in words why sync is
 * paused or failed; a tooltip says more; hidden when sync is off.
 */
import { maySend } from "../core/consent";
import type { SyncClient } from "../core/sync-client";
import type { ErrorCode, Leaderboard } from "../core/types";
import { COMMANDS, type KitDisposable, type KitStatusBarItem, type KitVscode } from "./api";
import type { Settings } from "./settings";

const MINUTE = 60_000;

/** The item's id (VS Code keeps the user's choice to hide it under this id) and its name in the context menu. */
export const STATUS_BAR_ID = "breathMaster.sync.status";
export const STATUS_BAR_NAME = "Breath Master Sync";

/** "Last sync: just now / 5 minutes ago / 3 hours ago / 2 days ago". */
export function lastSyncText(last: Date | undefined, now: Date): string {
  if (!last) return "Not synced yet";
  const minutes = Math.floor((now.getTime() - last.getTime()) / MINUTE);
  const ago = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"} ago`;
  if (minutes < 1) return "Last sync: just now";
  if (minutes < 60) return `Last sync: ${ago(minutes, "minute")}`;
  if (minutes < 48 * 60) return `Last sync: ${ago(Math.floor(minutes / 60), "hour")}`;
  return `Last sync: ${ago(Math.floor(minutes / (24 * 60)), "day")}`;
}

/** Each answer the server can refuse a sync with, as a user reads it (a closed set: a new code must get words). */
export const REFUSALS: Record<ErrorCode, string> = {
  invalid_request: "the server did not accept this device's data",
  unauthorized: "the server did not recognise this device",
  forbidden: "the server did not allow it",
  not_found: "the server does not know this device",
  gone: "the synced progress was deleted",
  payload_too_large: "too much data at once",
  rate_limited: "too many syncs in a short time",
  unavailable: "the server is busy",
  internal: "the server had a problem",
};

/** What stopped the last sync: no answer (retried by itself), or the server's refusal. */
export type SyncProblem = "offline" | ErrorCode;

/**
 * `me` of a board: the user's place, or (the server is gaining this variant; until the wire types carry it, this
 * local type) why an opted-in user is not on the board: no gain yet this period, or an operator hid the entry.
 */
export type BoardMe = NonNullable<Leaderboard["me"]> | { anonymousId: string; notOnBoard: "no-gain-yet" | "hidden"; hidden?: true };

/** This week's place in words: "#17 this week", "≈ #1,240 this week", or why the user is not on the board. */
export function rankText(me: BoardMe | undefined): string | undefined {
  if (!me) return undefined;
  if ("notOnBoard" in me) return me.notOnBoard === "hidden" ? "hidden from this week's board" : "not on this week's board yet (no XP this week)";
  return `${me.exact ? "" : "≈ "}#${me.rank.toLocaleString("en-US")} this week`;
}

export class StatusBar implements KitDisposable {
  /** What stopped the last sync, if it did not go through. */
  problem?: SyncProblem;
  /** This week's place in words (`rankText`), when the user shows it (leaderboard.showInStatusBar). */
  rank?: string;
  private readonly item: KitStatusBarItem;
  private readonly ticker: ReturnType<typeof setInterval>;

  constructor(
    vscode: KitVscode,
    private readonly settings: Settings,
    private readonly client: SyncClient,
    private readonly now: () => Date,
  ) {
    this.item = vscode.window.createStatusBarItem(STATUS_BAR_ID, vscode.StatusBarAlignment.Right, 90);
    this.item.name = STATUS_BAR_NAME;
    this.item.command = COMMANDS.syncNow;
    // "5 minutes ago" must age without a sync.
    this.ticker = setInterval(() => this.refresh(), MINUTE);
    (this.ticker as { unref?: () => void }).unref?.();
  }

  /** The item's text and tooltip; an empty text hides it (sync off). */
  view(): { text: string; tooltip: string } {
    const s = this.settings.read();
    if (!s.syncEnabled) return { text: "", tooltip: "" };
    if (!maySend(s)) {
      return { text: "$(circle-slash) Sync paused: privacy is local-only", tooltip: "Breath Master Sync sends nothing while data privacy (breathMaster.gamification.dataPrivacy) is local-only." };
    }
    if (this.client.isPausedByClear()) {
      return { text: "$(warning) Sync paused: local data was cleared", tooltip: "Breath Master's data was cleared on this device. Click to choose: restore, stop syncing here, or delete everywhere." };
    }
    const last = lastSyncText(this.client.lastSync(), this.now());
    const rank = s.leaderboard && s.rankInStatusBar && this.rank ? ` · ${this.rank}` : "";
    if (this.problem === "offline") {
      return { text: `$(cloud) ${last} · offline${rank}`, tooltip: `${last}. The sync server cannot be reached; the kit retries by itself. Click to sync now.` };
    }
    if (this.problem) {
      return { text: `$(warning) Not synced: ${REFUSALS[this.problem]}`, tooltip: `${last}. The last sync did not go through: ${REFUSALS[this.problem]}. Click to try again; the output "Breath Master Sync" says more.` };
    }
    return { text: `$(sync) ${last}${rank}`, tooltip: `Breath Master Sync. ${last}. Click to sync now.` };
  }

  text(): string {
    return this.view().text;
  }

  refresh(): void {
    const { text, tooltip } = this.view();
    this.item.text = text;
    this.item.tooltip = tooltip;
    if (text) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    clearInterval(this.ticker);
    this.item.dispose();
  }
}
