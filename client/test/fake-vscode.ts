/**
 * A fake of the part of the `vscode` module the kit uses, written for our tests: settings in layers (the
 * extension's defaults, the user's, a workspace's: `get` returns the workspace's over the user's, as VS Code does
 * for settings without a scope; `inspect` shows each) that fire change events, scripted answers to messages, quick
 * picks and input boxes (whose `validateInput` is applied: an answer it refuses is never accepted), a status-bar
 * item, progress, an output channel, webview panels, registered commands, a clipboard. Everything the kit shows is
 * recorded.
 */
import type { KitVscode, KitWebviewPanel } from "../src";

type Answer = string | undefined;

/** The extension's package.json defaults of the settings the kit reads. */
const EXTENSION_DEFAULTS: Record<string, unknown> = {
  "sync.enabled": false,
  "sync.endpoint": "https://api.breathmaster.app",
  "sync.syncFrequency": "onchange",
  "leaderboard.enabled": false,
  "leaderboard.showInStatusBar": false,
  "gamification.dataPrivacy": "local-only",
};

export class FakeVscode implements KitVscode {
  /** The user's settings (ConfigurationTarget.Global). */
  readonly settings = new Map<string, unknown>();
  /** A workspace's `.vscode/settings.json`. */
  readonly workspaceSettings = new Map<string, unknown>();
  readonly shown: Array<{ kind: string; message: string }> = [];
  readonly opened: string[] = [];
  clipboardText = "";
  readonly statusBar = { id: "", name: undefined as string | undefined, text: "", visible: false, tooltip: undefined as unknown, command: undefined as unknown };
  /** How many times an output channel was opened for the user (an error's "Show Log"). */
  outputShown = 0;
  /** Every line written to an output channel, by channel name. */
  readonly output = new Map<string, string[]>();
  /** The title of every progress shown, in order, and how many are running now. */
  readonly progress: string[] = [];
  running = 0;
  /** Answers an input box's `validateInput` refused (the user could not have submitted them), with its message. */
  readonly refusedInputs: Array<{ value: string; message: string }> = [];
  /** Webview panels the kit made, open or closed. */
  readonly panels: Array<KitWebviewPanel & { viewType: string; disposed: boolean; options: unknown }> = [];
  private readonly commandMap = new Map<string, (...args: never[]) => unknown>();
  private readonly listeners: Array<(event: { affectsConfiguration(section: string): boolean }) => unknown> = [];
  /** The button pressed on the next error message (none by default). */
  errorAnswer?: string;
  /** Answers for the next prompts, in order; a function decides from the prompt's text. */
  answers: Array<Answer | ((prompt: string, items: string[]) => Answer)> = [];

  /** `user`: the user's settings at the start (the rest are the extension's defaults). */
  constructor(user: Record<string, unknown> = {}) {
    for (const [key, value] of Object.entries(user)) this.settings.set(key, value);
  }

  /** A setting's value as `getConfiguration().get` gives it: workspace, else user, else the extension's default. */
  value(key: string): unknown {
    return this.workspaceSettings.get(key) ?? this.settings.get(key) ?? EXTENSION_DEFAULTS[key];
  }

  private answer(prompt: string, items: string[]): Answer {
    const next = this.answers.shift();
    return typeof next === "function" ? next(prompt, items) : next;
  }

  /** Changes a setting as the user would in the Settings UI, and waits for the kit's handlers. */
  async set(key: string, value: unknown): Promise<void> {
    this.settings.set(key, value);
    await this.changed(key);
  }

  /** Changes (or with undefined removes) a workspace's value, as editing `.vscode/settings.json` would. */
  async setInWorkspace(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.workspaceSettings.delete(key);
    else this.workspaceSettings.set(key, value);
    await this.changed(key);
  }

  private async changed(key: string): Promise<void> {
    const full = `breathMaster.${key}`;
    await Promise.all(this.listeners.map((listener) => listener({ affectsConfiguration: (section) => full === section || full.startsWith(`${section}.`) })));
  }

  /** The lines of the kit's output channel. */
  log(): string[] {
    return this.output.get("Breath Master Sync") ?? [];
  }

  hasCommand(command: string): boolean {
    return this.commandMap.has(command);
  }

  listenerCount(): number {
    return this.listeners.length;
  }

  async run(command: string): Promise<unknown> {
    const callback = this.commandMap.get(command);
    if (!callback) throw new Error(`no command ${command}`);
    return callback();
  }

  workspace: KitVscode["workspace"] = {
    getConfiguration: () => ({
      get: <T>(key: string, defaultValue: T): T => (this.value(key) ?? defaultValue) as T,
      inspect: <T>(key: string) => ({
        key: `breathMaster.${key}`,
        defaultValue: EXTENSION_DEFAULTS[key] as T | undefined,
        globalValue: this.settings.get(key) as T | undefined,
        workspaceValue: this.workspaceSettings.get(key) as T | undefined,
      }),
      update: (key: string, value: unknown, target?: unknown) => {
        if (target !== this.ConfigurationTarget.Global) throw new Error(`the kit writes user settings only, not target ${String(target)}`);
        return this.set(key, value);
      },
    }),
    onDidChangeConfiguration: (listener) => {
      this.listeners.push(listener);
      return { dispose: () => this.listeners.splice(this.listeners.indexOf(listener), 1) };
    },
    openTextDocument: async (options: { content: string; language: string }) => {
      this.opened.push(options.content);
      return options;
    },
  };

  window: KitVscode["window"] = {
    createStatusBarItem: (id: string) => {
      const bar = this.statusBar;
      bar.id = id;
      return {
        get text() {
          return bar.text;
        },
        set text(value: string) {
          bar.text = value;
        },
        get name() {
          return bar.name;
        },
        set name(value: string | undefined) {
          bar.name = value;
        },
        get tooltip() {
          return bar.tooltip;
        },
        set tooltip(value: unknown) {
          bar.tooltip = value;
        },
        show: () => void (bar.visible = true),
        hide: () => void (bar.visible = false),
        dispose: () => void (bar.visible = false),
      };
    },
    showInformationMessage: async (message: string, ...items: string[]) => {
      this.shown.push({ kind: "info", message });
      return items.length ? this.answer(message, items) : undefined;
    },
    showWarningMessage: async (message: string, _options: { modal?: boolean }, ...items: string[]) => {
      this.shown.push({ kind: "warning", message });
      return this.answer(message, items);
    },
    showErrorMessage: async (message: string, ...items: string[]) => {
      this.shown.push({ kind: "error", message });
      // An error's button ("Show Log") is pressed only when a test scripts it with `errorAnswer`.
      const answer = this.errorAnswer;
      this.errorAnswer = undefined;
      return items.includes(answer ?? "") ? answer : undefined;
    },
    showInputBox: async (options: { prompt?: string; validateInput?(value: string): string | undefined }) => {
      const value = this.answer(options.prompt ?? "", []);
      const message = value === undefined ? undefined : options.validateInput?.(value);
      if (value === undefined || message === undefined) return value;
      this.refusedInputs.push({ value, message });
      return undefined; // the box stays open with the message; the user gives up
    },
    showQuickPick: async (items: string[], options: { placeHolder?: string }) => this.answer(options.placeHolder ?? "", items),
    showTextDocument: async () => undefined,
    createOutputChannel: (name: string) => {
      const lines = this.output.get(name) ?? [];
      this.output.set(name, lines);
      let disposed = false;
      return {
        appendLine: (value: string) => {
          if (disposed) throw new Error("Channel has been closed"); // as VS Code's does
          lines.push(value);
        },
        show: () => void this.outputShown++,
        dispose: () => void (disposed = true),
      };
    },
    withProgress: async <R>(options: { title?: string }, task: () => PromiseLike<R>): Promise<R> => {
      this.progress.push(options.title ?? "");
      this.running++;
      try {
        return await task();
      } finally {
        this.running--;
      }
    },
    createWebviewPanel: (viewType: string, title: string, _column: never, options?: unknown) => {
      const onDispose: Array<() => unknown> = [];
      const panel = {
        viewType,
        title,
        options,
        disposed: false,
        webview: { html: "", cspSource: "vscode-webview:" },
        reveal: () => undefined,
        onDidDispose: (listener: () => unknown) => {
          onDispose.push(listener);
          return { dispose: () => undefined };
        },
        dispose: () => {
          if (panel.disposed) return;
          panel.disposed = true;
          for (const listener of onDispose) listener();
        },
      };
      this.panels.push(panel);
      return panel;
    },
  };

  commands: KitVscode["commands"] = {
    registerCommand: (command, callback) => {
      this.commandMap.set(command, callback);
      return { dispose: () => this.commandMap.delete(command) };
    },
  };

  /** What openExternal was asked to open, in order. */
  readonly external: string[] = [];

  env: KitVscode["env"] = {
    clipboard: {
      writeText: async (value: string) => {
        this.clipboardText = value;
      },
    },
    openExternal: async (target: never) => {
      this.external.push(String(target));
      return true;
    },
  };

  Uri: KitVscode["Uri"] = { parse: (value: string) => ({ toString: () => value }) };

  ConfigurationTarget = { Global: 1 };
  StatusBarAlignment = { Right: 2 };
  ProgressLocation = { Notification: 15, Window: 10 };
  ViewColumn = { Active: -1 };
}
