/**
 * The part of the VS Code API and of the extension that the kit's VS Code layer uses. The real `vscode` module,
 * `ExtensionContext` and `MeditationTracker` fit these shapes; tests hand in fakes. Types and ids only.
 */
import type { SyncClient } from "../core/sync-client";
import type { MeditationStats, SyncClientOptions, SyncResult } from "../core/types";

export interface KitDisposable {
  dispose(): unknown;
}

export interface KitStatusBarItem {
  text: string;
  /** What the item is, in the status bar's context menu (VS Code 1.57+). */
  name: string | undefined;
  tooltip?: unknown;
  command?: unknown;
  show(): void;
  hide(): void;
  dispose(): void;
}

/** `WorkspaceConfiguration.inspect(key)`: each layer's value, so the kit can take the user's own and no workspace's. */
export interface KitInspected<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/** The kit's output channel ("Breath Master Sync"): what it did and why. */
export interface KitOutputChannel {
  appendLine(value: string): void;
  show(preserveFocus?: boolean): void;
  dispose(): void;
}

/** A webview panel, as far as the kit shows a board in one (HTML only, no scripts). */
export interface KitWebviewPanel {
  title: string;
  readonly webview: { html: string; readonly cspSource: string };
  reveal(viewColumn?: never, preserveFocus?: boolean): void;
  dispose(): unknown;
  onDidDispose(listener: () => unknown): KitDisposable;
}

export interface KitVscode {
  workspace: {
    getConfiguration(section: string): {
      get<T>(key: string, defaultValue: T): T;
      inspect<T>(key: string): KitInspected<T> | undefined;
      update(key: string, value: unknown, target?: unknown): PromiseLike<void>;
    };
    onDidChangeConfiguration(listener: (event: { affectsConfiguration(section: string): boolean }) => unknown): KitDisposable;
    openTextDocument(options: { content: string; language: string }): PromiseLike<unknown>;
  };
  window: {
    createStatusBarItem(id: string, alignment?: unknown, priority?: number): KitStatusBarItem;
    createOutputChannel(name: string): KitOutputChannel;
    createWebviewPanel(viewType: string, title: string, showColumn: never, options?: { enableScripts?: boolean; enableForms?: boolean; localResourceRoots?: readonly never[] }): KitWebviewPanel;
    withProgress<R>(options: { location: never; title?: string; cancellable?: boolean }, task: () => PromiseLike<R>): PromiseLike<R>;
    showInformationMessage(message: string, ...items: string[]): PromiseLike<string | undefined>;
    showWarningMessage(message: string, options: { modal?: boolean }, ...items: string[]): PromiseLike<string | undefined>;
    showErrorMessage(message: string, ...items: string[]): PromiseLike<string | undefined>;
    showInputBox(options: {
      prompt?: string;
      placeHolder?: string;
      ignoreFocusOut?: boolean;
      validateInput?(value: string): string | undefined;
    }): PromiseLike<string | undefined>;
    showQuickPick(items: string[], options: { placeHolder?: string; ignoreFocusOut?: boolean }): PromiseLike<string | undefined>;
    showTextDocument(document: never): PromiseLike<unknown>;
  };
  commands: {
    registerCommand(command: string, callback: (...args: never[]) => unknown): KitDisposable;
  };
  env: { clipboard: { writeText(value: string): PromiseLike<void> }; openExternal(target: never): PromiseLike<boolean> };
  Uri: { parse(value: string): unknown };
  ConfigurationTarget: { Global: unknown };
  StatusBarAlignment: { Right: unknown };
  ProgressLocation: { Notification: unknown; Window: unknown };
  ViewColumn: { Active: unknown };
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
  client?: Partial<Pick<SyncClientOptions, "fetch" | "now" | "random" | "retryBaseMs" | "retryMaxMs" | "timeoutMs" | "timers">>;
}

export interface SyncKit {
  client: SyncClient;
  /** The status-bar text as it is now. */
  statusText(): string;
  /** Runs a sync now, as the Sync Now command does (without its messages). */
  syncNow(): Promise<SyncResult>;
  /** Resolves when nothing the kit started is still running (a sync, a prompt's follow-up); for tests. */
  idle(): Promise<void>;
  /** Disposes what the kit registered, and only that. */
  dispose(): void;
}

export const COMMANDS = {
  syncNow: "breathMaster.sync.now",
  getCode: "breathMaster.sync.getCode",
  enterCode: "breathMaster.sync.enterCode",
  exportData: "breathMaster.sync.exportData",
  deleteData: "breathMaster.sync.deleteData",
  showBoards: "breathMaster.sync.showBoards",
  createCircle: "breathMaster.sync.createCircle",
  joinCircle: "breathMaster.sync.joinCircle",
  showCircle: "breathMaster.sync.showCircle",
  leaveCircle: "breathMaster.sync.leaveCircle",
  newCircleCode: "breathMaster.sync.newCircleCode",
} as const;
