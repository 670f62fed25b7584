/**
 * When the kit syncs by itself: after a session (`onchange`), on a timer (`hourly` / `daily`), when sync, privacy
 * or the board choice change in Settings, and at start-up.
 */
import { hostTimers } from "./timers";
import type { SyncResult } from "./types";
import type { KitDisposable } from "./vscode-api";
import { settle, type Layer } from "./vscode-layer";
import { askAboutClearedData, ensureExportAllowed } from "./vscode-prompts";

const MINUTE = 60_000;
const FREQUENCY_MS: Record<string, number | undefined> = { hourly: 60 * MINUTE, daily: 24 * 60 * MINUTE };

/** A sync nobody waits for: the status bar shows its result; prompts only where the kit must ask. */
export function backgroundSync(layer: Layer): Promise<SyncResult> {
  return layer.tasks.track(layer.client.sync().then((result) => settle(layer, result, false, () => askAboutClearedData(layer))));
}

/** Makes the install ready and syncs once when its frequency syncs by itself. */
export async function start(layer: Layer): Promise<void> {
  const s = layer.settings.read();
  if (!s.syncEnabled) return;
  const isNew = !(await layer.client.isSetUp());
  await layer.client.setUp();
  // A new id's first choice is what this install's setting says; a joined install keeps the user's choice.
  if (isNew && s.leaderboard) await layer.client.chooseLeaderboard(true);
  if (s.privacy === "export-allowed" && s.frequency !== "manual") await backgroundSync(layer);
}

/** The periodic timer of `hourly` / `daily`, rescheduled when the setting changes. */
export class FrequencyTimer implements KitDisposable {
  private handle?: unknown;
  constructor(private readonly layer: Layer) {}

  schedule(): void {
    this.dispose();
    const every = FREQUENCY_MS[this.layer.settings.read().frequency];
    if (!every) return;
    const timers = this.layer.options.client?.timers ?? hostTimers;
    const tick = () => {
      this.handle = timers.set(tick, every);
      void backgroundSync(this.layer);
    };
    this.handle = timers.set(tick, every);
  }

  dispose(): void {
    if (this.handle !== undefined) (this.layer.options.client?.timers ?? hostTimers).clear(this.handle);
    this.handle = undefined;
  }
}

/** Reacts to Settings: the board choice is recorded, turning sync or privacy off takes effect at once. */
export function watchSettings(layer: Layer, timer: FrequencyTimer): KitDisposable {
  return layer.vscode.workspace.onDidChangeConfiguration((event) =>
    layer.tasks.track(
      (async () => {
        const s = layer.settings.read();
        if (event.affectsConfiguration("breathMaster.leaderboard.enabled")) await layer.client.chooseLeaderboard(s.leaderboard);
        if (event.affectsConfiguration("breathMaster.sync.syncFrequency")) timer.schedule();
        const turnedOn = event.affectsConfiguration("breathMaster.sync.enabled") && s.syncEnabled;
        if (event.affectsConfiguration("breathMaster.sync.enabled") || event.affectsConfiguration("breathMaster.gamification.dataPrivacy")) {
          if (!s.syncEnabled || s.privacy !== "export-allowed") layer.client.dispose(); // takes effect at once
          // Sync turned on in Settings while privacy is local-only: ask, as the commands do (allowing restarts here).
          if (turnedOn && s.privacy !== "export-allowed") await ensureExportAllowed(layer);
          else if (s.syncEnabled && s.privacy === "export-allowed") await start(layer);
        } else if (event.affectsConfiguration("breathMaster.leaderboard.enabled") && s.syncEnabled) {
          await backgroundSync(layer);
        }
        layer.status.refresh();
      })(),
    ),
  );
}

/** After each session, when the frequency is `onchange`. */
export function watchSessions(layer: Layer): void {
  layer.tracker.onSessionEnded(() => {
    // The engine cannot unregister a callback: after dispose() it stays, and does nothing.
    if (layer.disposed) return;
    const s = layer.settings.read();
    if (s.syncEnabled && s.frequency === "onchange") void backgroundSync(layer);
  });
}
