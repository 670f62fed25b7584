/**
 * A fake of the part of the `vscode` module the kit uses, written for our tests: settings that fire change events,
 * scripted answers to messages, quick picks and input boxes, a status-bar item, registered commands, a clipboard.
 * Everything the kit shows is recorded.
 */
import type { KitVscode } from "../src";

type Answer = string | undefined;

export class FakeVscode implements KitVscode {
  readonly settings = new Map<string, unknown>();
  readonly shown: Array<{ kind: string; message: string }> = [];
  readonly opened: string[] = [];
  clipboardText = "";
  readonly statusBar = { text: "", visible: false, tooltip: undefined as unknown, command: undefined as unknown };
  private readonly commandMap = new Map<string, (...args: never[]) => unknown>();
  private readonly listeners: Array<(event: { affectsConfiguration(section: string): boolean }) => unknown> = [];
  /** Answers for the next prompts, in order; a function decides from the prompt's text. */
  answers: Array<Answer | ((prompt: string, items: string[]) => Answer)> = [];

  constructor(defaults: Record<string, unknown> = {}) {
    for (const [key, value] of Object.entries({
      "sync.enabled": false,
      "sync.endpoint": "https://api.breathmaster.app",
      "sync.syncFrequency": "onchange",
      "leaderboard.enabled": false,
      "gamification.dataPrivacy": "local-only",
      ...defaults,
    })) {
      this.settings.set(key, value);
    }
  }

  private answer(prompt: string, items: string[]): Answer {
    const next = this.answers.shift();
    return typeof next === "function" ? next(prompt, items) : next;
  }

  /** Changes a setting as the user would in the Settings UI, and waits for the kit's handlers. */
  async set(key: string, value: unknown): Promise<void> {
    this.settings.set(key, value);
    const full = `breathMaster.${key}`;
    await Promise.all(this.listeners.map((listener) => listener({ affectsConfiguration: (section) => full === section || full.startsWith(`${section}.`) })));
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
      get: <T>(key: string, defaultValue: T): T => (this.settings.has(key) ? (this.settings.get(key) as T) : defaultValue),
      update: (key: string, value: unknown) => this.set(key, value),
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
    createStatusBarItem: () => {
      const bar = this.statusBar;
      return {
        get text() {
          return bar.text;
        },
        set text(value: string) {
          bar.text = value;
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
    showErrorMessage: async (message: string) => {
      this.shown.push({ kind: "error", message });
      return undefined;
    },
    showInputBox: async (options: { prompt?: string }) => this.answer(options.prompt ?? "", []),
    showQuickPick: async (items: string[], options: { placeHolder?: string }) => this.answer(options.placeHolder ?? "", items),
    showTextDocument: async () => undefined,
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
}
