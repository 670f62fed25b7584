/** The status-bar item: "Last sync: 5 minutes ago" (click = Sync Now), or why sync is paused; hidden when sync is off. */
import { maySend } from "../core/consent";
import type { SyncClient } from "../core/sync-client";
import { COMMANDS, type KitDisposable, type KitStatusBarItem, type KitVscode } from "./api";
import type { Settings } from "./settings";

const MINUTE = 60_000;

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

export class StatusBar implements KitDisposable {
  /** The last problem worth showing beside the time ("offline, will retry", an error code). */
  problem?: string;
  /** This week's rank ("#17 this week"), when the user shows it (leaderboard.showInStatusBar). */
  rank?: string;
  private readonly item: KitStatusBarItem;
  private readonly ticker: ReturnType<typeof setInterval>;

  constructor(
    vscode: KitVscode,
    private readonly settings: Settings,
    private readonly client: SyncClient,
    private readonly now: () => Date,
  ) {
    this.item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 90);
    this.item.command = COMMANDS.syncNow;
    // "5 minutes ago" must age without a sync.
    this.ticker = setInterval(() => this.refresh(), MINUTE);
    (this.ticker as { unref?: () => void }).unref?.();
  }

  text(): string {
    const s = this.settings.read();
    if (!s.syncEnabled) return "";
    if (!maySend(s)) return "$(circle-slash) Sync paused: privacy is local-only";
    if (this.client.isPausedByClear()) return "$(warning) Sync paused: local data was cleared";
    const rank = s.leaderboard && s.rankInStatusBar && this.rank ? ` · ${this.rank}` : "";
    return `$(sync) ${lastSyncText(this.client.lastSync(), this.now())}${this.problem ? ` (${this.problem})` : ""}${rank}`;
  }

  refresh(): void {
    this.item.text = this.text();
    if (this.item.text) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    clearInterval(this.ticker);
    this.item.dispose();
  }
}
