/**
 * Breath Master Sync — the client kit's VS Code layer, as one import. It imports nothing from `vscode`:
 * `activateSync` takes the `vscode` module and the extension's own objects as arguments, so it type-checks and
 * runs without `vscode` in tests.
 *
 * It wires the core client to what the extension already has: its settings (`breathMaster.sync.enabled`,
 * `.endpoint`, `.syncFrequency`, `breathMaster.leaderboard.enabled`, `breathMaster.gamification.dataPrivacy`),
 * SecretStorage for the anonymous id, globalState for the bookkeeping, the tracker for stats, the commands, a
 * status-bar item "Last sync: 5 minutes ago" and an output channel "Breath Master Sync". Its parts are in vscode/:
 * api (the shapes it is handed), settings, status-bar, commands, circles, board-view, codes, prompts, triggers,
 * and layer (what they share, and `settle`).
 */
import { SyncClient } from "./core/sync-client";
import { Tasks } from "./core/timers";
import type { OnboardingState } from "./core/types";
import type { KitContext, KitDisposable, KitOptions, KitTracker, KitVscode, SyncKit } from "./vscode/api";
import { registerCommands } from "./vscode/commands";
import { settle, writeStatsInto, type Layer } from "./vscode/layer";
import { Settings } from "./vscode/settings";
import { StatusBar } from "./vscode/status-bar";
import { FrequencyTimer, backgroundSync, start, watchSessions, watchSettings } from "./vscode/triggers";

export * from "./breath-master-sync";
export { COMMANDS, type KitContext, type KitDisposable, type KitOptions, type KitTracker, type KitVscode, type SyncKit } from "./vscode/api";
export { lastSyncText, rankText, REFUSALS, type BoardMe } from "./vscode/status-bar";
export { USER_ONLY_SETTINGS } from "./vscode/settings";
export { timerDelay } from "./vscode/triggers";
export { boardsUrl } from "./vscode/commands";
export { boardHtml } from "./vscode/board-view";
export { CODE_PROMPTS } from "./vscode/codes";

/** The kit's output channel: what it did and why (View → Output → "Breath Master Sync"). */
export const OUTPUT_CHANNEL = "Breath Master Sync";

export function activateSync(vscode: KitVscode, context: KitContext, tracker: KitTracker, options: KitOptions = {}): SyncKit {
  const settings = new Settings(vscode);
  const now = options.client?.now ?? (() => new Date());
  const output = vscode.window.createOutputChannel(OUTPUT_CHANNEL);
  const tasks = new Tasks();
  // A disposed channel throws on write; what finishes after dispose() is not logged.
  const log = (line: string) => void (layer.disposed || output.appendLine(`[${now().toISOString()}] ${line}`));
  const client = new SyncClient({
    endpoint: () => settings.read().endpoint,
    permission: () => settings.read(),
    getStats: () => tracker.getStats(),
    writeStats: writeStatsInto(context, tracker, options.statsKey ?? "breathMaster.meditationStats"),
    getOnboarding: () => (context.globalState.get(options.onboardingKey ?? "breathMaster.onboarding") as OnboardingState) ?? {},
    state: context.globalState,
    secrets: context.secrets,
    sharedChallenges: options.sharedChallenges !== false,
    // Called only after a sync, when `layer` exists.
    onBackgroundResult: (result) => void tasks.track(settle(layer, result, false, "a retry")),
    ...options.client,
  });
  const status = new StatusBar(vscode, settings, client, now);
  const showLog = () => output.show(true);
  const layer: Layer = { vscode, context, tracker, options, settings, tasks, now, client, status, log, showLog, toldAbout: new Set<string>() };

  const timer = new FrequencyTimer(layer);
  // Only what the kit registers is disposed by its dispose(): the extension's own subscriptions stay.
  const owned: KitDisposable[] = [...registerCommands(layer), watchSettings(layer, timer), layer.status, timer, { dispose: () => layer.client.dispose() }, { dispose: () => layer.boardPanel?.dispose() }, output];
  context.subscriptions.push(...owned);
  watchSessions(layer);
  layer.status.refresh();
  // The timer starts after the start-up sync, so that it measures from that sync.
  void layer.tasks.track(start(layer).catch(() => undefined).then(() => timer.schedule()));

  return {
    client: layer.client,
    statusText: () => layer.status.text(),
    syncNow: () => backgroundSync(layer, "asked by the extension"),
    idle: async () => {
      do await Promise.all([layer.tasks.idle(), layer.client.idle()]);
      while (layer.tasks.busy());
    },
    dispose: () => {
      if (layer.disposed) return;
      layer.disposed = true;
      for (const item of owned) {
        item.dispose();
        const index = context.subscriptions.indexOf(item);
        if (index >= 0) context.subscriptions.splice(index, 1);
      }
    },
  };
}
