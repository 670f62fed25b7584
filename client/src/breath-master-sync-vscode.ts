/**
 * Breath Master Sync — the client kit's VS Code layer. Copy it beside `breath-master-sync.ts` into the
 * extension's `src/sync/`. It imports nothing: `activateSync` takes the `vscode` module and the extension's own
 * objects as arguments, so it type-checks and runs without `vscode` in tests.
 *
 * It wires the core client to what the extension already has: the five settings it declares
 * (`breathMaster.sync.enabled`, `.endpoint`, `.syncFrequency`, `breathMaster.leaderboard.enabled`,
 * `breathMaster.gamification.dataPrivacy`), SecretStorage for the anonymous id, globalState for the bookkeeping,
 * the tracker for stats, five commands, and a status-bar item "Last sync: 5 minutes ago".
 */
import {
  SyncApiError,
  SyncClient,
  localDay,
  extensionDateOf,
  toEngineChallenges,
  type JoinMode,
  type MeditationStats,
  type OnboardingState,
  type SyncClientOptions,
  type SyncResult,
} from "./breath-master-sync";

// ---- the part of the VS Code API the kit uses (the real `vscode` module fits it) -----------------------------

export interface KitDisposable {
  dispose(): unknown;
}

export interface KitVscode {
  workspace: {
    getConfiguration(section: string): {
      get<T>(key: string, defaultValue: T): T;
      update(key: string, value: unknown, target?: unknown): PromiseLike<void>;
    };
    onDidChangeConfiguration(listener: (event: { affectsConfiguration(section: string): boolean }) => unknown): KitDisposable;
    openTextDocument(options: { content: string; language: string }): PromiseLike<unknown>;
  };
  window: {
    createStatusBarItem(alignment?: unknown, priority?: number): {
      text: string;
      tooltip?: unknown;
      command?: unknown;
      show(): void;
      hide(): void;
      dispose(): void;
    };
    showInformationMessage(message: string, ...items: string[]): PromiseLike<string | undefined>;
    showWarningMessage(message: string, options: { modal?: boolean }, ...items: string[]): PromiseLike<string | undefined>;
    showErrorMessage(message: string, ...items: string[]): PromiseLike<string | undefined>;
    showInputBox(options: { prompt?: string; placeHolder?: string; ignoreFocusOut?: boolean }): PromiseLike<string | undefined>;
    showQuickPick(items: string[], options: { placeHolder?: string; ignoreFocusOut?: boolean }): PromiseLike<string | undefined>;
    showTextDocument(document: never): PromiseLike<unknown>;
  };
  commands: {
    registerCommand(command: string, callback: (...args: never[]) => unknown): KitDisposable;
  };
  env: { clipboard: { writeText(value: string): PromiseLike<void> } };
  ConfigurationTarget: { Global: unknown };
  StatusBarAlignment: { Right: unknown };
}

/** The extension's `ExtensionContext`, as far as the kit needs it. */
export interface KitContext {
  globalState: { get(key: string): unknown; update(key: string, value: unknown): PromiseLike<void> };
  secrets: { get(key: string): PromiseLike<string | undefined>; store(key: string, value: string): PromiseLike<void>; delete(key: string): PromiseLike<void> };
  subscriptions: KitDisposable[];
}

/** The extension's `MeditationTracker`, as far as the kit needs it. */
export interface KitTracker {
  getStats(): MeditationStats;
  reloadFromStorage(): void;
  onSessionEnded(callback: () => void): void;
  /** The one engine addition the kit asks for (see docs): set stats and save them, without the new-day logic. */
  replaceStats?(stats: MeditationStats): void;
}

export interface KitOptions {
  /** The globalState key the tracker uses (the extension's is `breathMaster.meditationStats`). */
  statsKey?: string;
  /** `breathMaster.onboarding` from globalState, to sync `hasSeenTour` / `gamificationOptIn`. */
  onboardingKey?: string;
  /** Use the server's shared daily challenges instead of the engine's random ones (default: yes). */
  sharedChallenges?: boolean;
  /** Tests: a fetch, a clock, timers. */
  client?: Partial<Pick<SyncClientOptions, "fetch" | "now" | "random" | "retryBaseMs" | "retryMaxMs" | "timeoutMs">>;
}

export const COMMANDS = {
  syncNow: "breathMaster.sync.now",
  getCode: "breathMaster.sync.getCode",
  enterCode: "breathMaster.sync.enterCode",
  exportData: "breathMaster.sync.exportData",
  deleteData: "breathMaster.sync.deleteData",
} as const;

const MINUTE = 60_000;
const FREQUENCY_MS: Record<string, number | undefined> = { hourly: 60 * MINUTE, daily: 24 * 60 * MINUTE };
const MERGE = "Merge: add this device's progress to the synced progress";
const ADOPT = "Adopt: replace this device's progress with the synced progress";

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

export interface SyncKit {
  client: SyncClient;
  /** The status-bar text as it is now. */
  statusText(): string;
  /** Runs a sync now, as the Sync Now command does (without its messages). */
  syncNow(): Promise<SyncResult>;
  dispose(): void;
}

export function activateSync(vscode: KitVscode, context: KitContext, tracker: KitTracker, options: KitOptions = {}): SyncKit {
  const statsKey = options.statsKey ?? "breathMaster.meditationStats";
  const settings = () => vscode.workspace.getConfiguration("breathMaster");
  const read = () => {
    const config = settings();
    return {
      syncEnabled: config.get<boolean>("sync.enabled", false),
      privacy: config.get<string>("gamification.dataPrivacy", "local-only"),
      endpoint: config.get<string>("sync.endpoint", "https://api.breathmaster.app"),
      frequency: config.get<string>("sync.syncFrequency", "onchange"),
      leaderboard: config.get<boolean>("leaderboard.enabled", false),
    };
  };
  const now = options.client?.now ?? (() => new Date());
  let lastProblem: string | undefined;

  // Writing merged stats must not look like a change of the user's: the kit never syncs on its own writes.
  const writeStats = (stats: MeditationStats) => {
    if (tracker.replaceStats) return tracker.replaceStats(stats);
    void context.globalState.update(statsKey, stats); // a Memento holds the new value at once
    tracker.reloadFromStorage();
  };

  const client = new SyncClient({
    endpoint: () => read().endpoint,
    permission: () => read(),
    getStats: () => tracker.getStats(),
    writeStats,
    getOnboarding: () => (context.globalState.get(options.onboardingKey ?? "breathMaster.onboarding") as OnboardingState) ?? {},
    state: context.globalState,
    secrets: context.secrets,
    onBackgroundResult: (result) => void settle(result, false),
    ...options.client,
  });

  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 90);
  status.command = COMMANDS.syncNow;
  const statusText = () => {
    const s = read();
    if (!s.syncEnabled) return "";
    if (s.privacy !== "export-allowed") return "$(circle-slash) Sync paused: privacy is local-only";
    if (client.isPausedByClear()) return "$(warning) Sync paused: local data was cleared";
    return `$(sync) ${lastSyncText(client.lastSync(), now())}${lastProblem ? ` (${lastProblem})` : ""}`;
  };
  const refresh = () => {
    status.text = statusText();
    if (status.text) status.show();
    else status.hide();
  };

  async function settle(result: SyncResult, fromUser: boolean): Promise<SyncResult> {
    lastProblem = result.status === "offline" ? "offline, will retry" : result.status === "error" ? result.code : undefined;
    if (result.status === "synced" && options.sharedChallenges !== false) await loadSharedChallenges();
    if (result.status === "gone") {
      await settings().update("sync.enabled", false, vscode.ConfigurationTarget.Global);
      void vscode.window.showInformationMessage(
        "Your synced Breath Master progress was deleted (from another device). Sync is now off here; your progress on this device stays.",
      );
    }
    if (result.status === "skipped" && result.reason === "local-data-cleared") void askAboutClearedData();
    if (fromUser) {
      if (result.status === "skipped" && result.reason === "privacy") {
        void vscode.window.showInformationMessage("Nothing was sent: data privacy is set to local-only.");
      } else if (result.status === "error") {
        void vscode.window.showErrorMessage(`Sync failed: ${result.message}`);
      } else if (result.status === "offline") {
        void vscode.window.showInformationMessage("The sync server cannot be reached; the kit will retry by itself.");
      }
    }
    refresh();
    return result;
  }

  /** Puts the day's shared challenges (the user's local day) into the engine, keeping what was completed. */
  async function loadSharedChallenges(): Promise<void> {
    const today = localDay(now());
    const stats = tracker.getStats();
    if (stats.lastChallengeDate === extensionDateOf(today) && stats.dailyChallenges?.every((c) => c.id.startsWith(today))) return;
    try {
      const { challenges } = await client.dailyChallenges(today);
      const current = tracker.getStats();
      await writeStats({
        ...current,
        dailyChallenges: toEngineChallenges(challenges, current.dailyChallenges),
        lastChallengeDate: extensionDateOf(today),
      });
    } catch {
      // The engine's own challenges stay: shared ones are a nicety, never a reason to fail a sync.
    }
  }

  async function askAboutClearedData(): Promise<void> {
    const restore = "Restore synced progress";
    const leave = "Stop syncing this device";
    const remove = "Delete synced progress everywhere";
    const choice = await vscode.window.showWarningMessage(
      "Breath Master's data was cleared on this device while it syncs. Sync is paused until you choose.",
      { modal: false },
      restore,
      leave,
      remove,
    );
    if (choice === restore) await settle(await client.resolveClearedData("restore"), true);
    if (choice === leave || choice === remove) {
      await client.resolveClearedData(choice === leave ? "leave" : "delete");
      await settings().update("sync.enabled", false, vscode.ConfigurationTarget.Global);
    }
    refresh();
  }

  /** Sync needs privacy `export-allowed`: asks once, at the moment the user turns something on. */
  async function ensureExportAllowed(): Promise<boolean> {
    if (read().privacy === "export-allowed") return true;
    const allow = "Allow sync";
    const answer = await vscode.window.showInformationMessage(
      "Sync sends your progress totals (no names, no session logs) to the sync server. Your data privacy setting is local-only: allow export for sync?",
      allow,
    );
    if (answer !== allow) return false;
    await settings().update("gamification.dataPrivacy", "export-allowed", vscode.ConfigurationTarget.Global);
    return true;
  }

  const syncNow = async () => settle(await client.sync(), false);

  const commands: Record<string, () => Promise<unknown>> = {
    [COMMANDS.syncNow]: async () => {
      if (!read().syncEnabled) {
        void vscode.window.showInformationMessage("Sync is off. Turn on breathMaster.sync.enabled to sync.");
        return;
      }
      return settle(await client.sync(), true);
    },
    [COMMANDS.getCode]: async () => {
      if (!(await ensureExportAllowed())) return;
      if (!read().syncEnabled) await settings().update("sync.enabled", true, vscode.ConfigurationTarget.Global);
      await client.setUp();
      try {
        const { code } = await client.createPairingCode();
        const copy = "Copy code";
        const answer = await vscode.window.showInformationMessage(`Your sync code: ${code} (valid for 10 minutes, works once)`, copy);
        if (answer === copy) await vscode.env.clipboard.writeText(code);
      } catch (error) {
        void vscode.window.showErrorMessage(`No sync code: ${(error as Error).message}`);
      }
    },
    [COMMANDS.enterCode]: async () => {
      if (!(await ensureExportAllowed())) return;
      // The mode first: the code works once, so nothing is claimed until the user has chosen.
      const picked = await vscode.window.showQuickPick([MERGE, ADOPT], { placeHolder: "How should this device join?", ignoreFocusOut: true });
      if (!picked) return;
      const code = await vscode.window.showInputBox({ prompt: "The sync code from your other device", placeHolder: "BM-XXXX-XXXX", ignoreFocusOut: true });
      if (!code) return;
      const mode: JoinMode = picked === MERGE ? "merge" : "adopt";
      try {
        await client.joinWithCode(code, mode);
      } catch (error) {
        const unknown = error instanceof SyncApiError && error.code === "not_found";
        void vscode.window.showErrorMessage(unknown ? "That code is unknown, expired or already used." : `Could not join: ${(error as Error).message}`);
        return;
      }
      await settings().update("sync.enabled", true, vscode.ConfigurationTarget.Global);
      const result = await settle(await client.sync(), true);
      if (result.status === "synced") void vscode.window.showInformationMessage("This device now syncs with your other device.");
    },
    [COMMANDS.exportData]: async () => {
      try {
        const data = await client.exportRemoteData();
        const document = await vscode.workspace.openTextDocument({ content: JSON.stringify(data, null, 2), language: "json" });
        await vscode.window.showTextDocument(document as never);
      } catch (error) {
        void vscode.window.showErrorMessage(`No export: ${(error as Error).message}`);
      }
    },
    [COMMANDS.deleteData]: async () => {
      const confirm = "Delete everywhere";
      const answer = await vscode.window.showWarningMessage(
        "Delete your synced progress from the server? Every device stops syncing it; the progress on each device stays.",
        { modal: true },
        confirm,
      );
      if (answer !== confirm) return;
      try {
        await client.deleteRemoteData();
        await settings().update("sync.enabled", false, vscode.ConfigurationTarget.Global);
        void vscode.window.showInformationMessage("Your synced progress was deleted. Sync is off.");
      } catch (error) {
        void vscode.window.showErrorMessage(`Not deleted: ${(error as Error).message}`);
      }
      refresh();
    },
  };
  for (const [id, run] of Object.entries(commands)) context.subscriptions.push(vscode.commands.registerCommand(id, run));

  // Triggers: a finished session ("onchange"), a timer ("hourly"/"daily"), and turning sync or the board on.
  let timer: ReturnType<typeof setInterval> | undefined;
  const schedule = () => {
    clearInterval(timer);
    const every = FREQUENCY_MS[read().frequency];
    timer = every ? setInterval(() => void syncNow(), every) : undefined;
  };
  tracker.onSessionEnded(() => {
    if (read().syncEnabled && read().frequency === "onchange") void syncNow();
  });
  const ticker = setInterval(refresh, MINUTE);

  const onSettings = vscode.workspace.onDidChangeConfiguration(async (event) => {
    const s = read();
    if (event.affectsConfiguration("breathMaster.leaderboard.enabled")) await client.chooseLeaderboard(s.leaderboard);
    if (event.affectsConfiguration("breathMaster.sync.syncFrequency")) schedule();
    if (event.affectsConfiguration("breathMaster.sync.enabled") || event.affectsConfiguration("breathMaster.gamification.dataPrivacy")) {
      if (!s.syncEnabled || s.privacy !== "export-allowed") client.dispose(); // takes effect at once
      else await start();
    } else if (event.affectsConfiguration("breathMaster.leaderboard.enabled") && s.syncEnabled) {
      await syncNow();
    }
    refresh();
  });

  async function start(): Promise<void> {
    const s = read();
    if (!s.syncEnabled) return;
    const isNew = !(await client.isSetUp());
    await client.setUp();
    // A new id's first choice is what this install's setting says; a joined install keeps the user's choice.
    if (isNew && s.leaderboard) await client.chooseLeaderboard(true);
    if (s.privacy === "export-allowed" && s.frequency !== "manual") await syncNow();
  }

  context.subscriptions.push(onSettings, status, { dispose: () => (clearInterval(timer), clearInterval(ticker), client.dispose()) });
  schedule();
  refresh();
  void start().catch(() => undefined);

  return {
    client,
    statusText,
    syncNow,
    dispose: () => {
      for (const item of context.subscriptions.splice(0)) item.dispose();
    },
  };
}
