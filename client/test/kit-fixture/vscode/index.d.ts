// Our own minimal type surface of the `vscode` module: the members the kit and the guide use, declared with the
// same shapes (and overloads) VS Code 1.102 gives them, so the kit's compile test sees what the extension sees.
declare module "vscode" {
  export interface Disposable { dispose(): any }
  export interface Event<T> { (listener: (e: T) => any, thisArgs?: any, disposables?: Disposable[]): Disposable }
  export enum ConfigurationTarget { Global = 1, Workspace = 2, WorkspaceFolder = 3 }
  export enum StatusBarAlignment { Left = 1, Right = 2 }
  export interface ConfigurationChangeEvent { affectsConfiguration(section: string, scope?: unknown): boolean }
  export interface WorkspaceConfiguration {
    get<T>(section: string): T | undefined;
    get<T>(section: string, defaultValue: T): T;
    has(section: string): boolean;
    update(section: string, value: any, configurationTarget?: ConfigurationTarget | boolean | null, overrideInLanguage?: boolean): Thenable<void>;
  }
  export interface TextDocument { readonly uri: unknown; getText(): string }
  export interface StatusBarItem {
    text: string;
    tooltip: string | undefined;
    command: string | undefined;
    show(): void;
    hide(): void;
    dispose(): void;
  }
  export interface Memento { keys(): readonly string[]; get<T>(key: string): T | undefined; get<T>(key: string, defaultValue: T): T; update(key: string, value: any): Thenable<void> }
  export interface SecretStorage { get(key: string): Thenable<string | undefined>; store(key: string, value: string): Thenable<void>; delete(key: string): Thenable<void> }
  export interface ExtensionContext { readonly subscriptions: { dispose(): any }[]; readonly globalState: Memento; readonly secrets: SecretStorage }
  export interface QuickPickOptions { placeHolder?: string; ignoreFocusOut?: boolean; canPickMany?: boolean }
  export interface InputBoxOptions { prompt?: string; placeHolder?: string; ignoreFocusOut?: boolean }
  export interface MessageOptions { modal?: boolean }
  export namespace workspace {
    export function getConfiguration(section?: string, scope?: unknown): WorkspaceConfiguration;
    export const onDidChangeConfiguration: Event<ConfigurationChangeEvent>;
    export function openTextDocument(options?: { language?: string; content?: string }): Thenable<TextDocument>;
  }
  export namespace window {
    export function createStatusBarItem(id: string, alignment?: StatusBarAlignment, priority?: number): StatusBarItem;
    export function createStatusBarItem(alignment?: StatusBarAlignment, priority?: number): StatusBarItem;
    export function showInformationMessage<T extends string>(message: string, ...items: T[]): Thenable<T | undefined>;
    export function showWarningMessage<T extends string>(message: string, ...items: T[]): Thenable<T | undefined>;
    export function showWarningMessage<T extends string>(message: string, options: MessageOptions, ...items: T[]): Thenable<T | undefined>;
    export function showErrorMessage<T extends string>(message: string, ...items: T[]): Thenable<T | undefined>;
    export function showInputBox(options?: InputBoxOptions): Thenable<string | undefined>;
    export function showQuickPick(items: readonly string[] | Thenable<readonly string[]>, options: QuickPickOptions & { canPickMany: true }): Thenable<string[] | undefined>;
    export function showQuickPick(items: readonly string[] | Thenable<readonly string[]>, options?: QuickPickOptions): Thenable<string | undefined>;
    export function showTextDocument(document: TextDocument, column?: number, preserveFocus?: boolean): Thenable<unknown>;
  }
  export namespace commands {
    export function registerCommand(command: string, callback: (...args: any[]) => any, thisArg?: any): Disposable;
  }
  export namespace env {
    export const clipboard: { readText(): Thenable<string>; writeText(value: string): Thenable<void> };
    export function openExternal(target: Uri): Thenable<boolean>;
  }
  export class Uri {
    static parse(value: string, strict?: boolean): Uri;
    readonly scheme: string;
    toString(skipEncoding?: boolean): string;
  }
}
interface Thenable<T> extends PromiseLike<T> {}
