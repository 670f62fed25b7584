// Our own minimal type surface of the `vscode` module: the members the kit and the guide use, declared with the
// same shapes (and overloads) VS Code 1.102 gives them, so the kit's compile test sees what the extension sees.
declare module "vscode" {
  export interface Disposable { dispose(): any }
  export interface Event<T> { (listener: (e: T) => any, thisArgs?: any, disposables?: Disposable[]): Disposable }
  export enum ConfigurationTarget { Global = 1, Workspace = 2, WorkspaceFolder = 3 }
  export enum StatusBarAlignment { Left = 1, Right = 2 }
  export enum ProgressLocation { SourceControl = 1, Window = 10, Notification = 15 }
  export enum ViewColumn { Active = -1, Beside = -2, One = 1, Two = 2, Three = 3 }
  export interface CancellationToken { isCancellationRequested: boolean; onCancellationRequested: Event<any> }
  export interface Progress<T> { report(value: T): void }
  export interface ProgressOptions { location: ProgressLocation | { viewId: string }; title?: string; cancellable?: boolean }
  export interface OutputChannel {
    readonly name: string;
    append(value: string): void;
    appendLine(value: string): void;
    replace(value: string): void;
    clear(): void;
    show(preserveFocus?: boolean): void;
    show(column?: ViewColumn, preserveFocus?: boolean): void;
    hide(): void;
    dispose(): void;
  }
  export interface LogOutputChannel extends OutputChannel { info(message: string, ...args: any[]): void }
  export interface WebviewOptions { readonly enableScripts?: boolean; readonly enableForms?: boolean; readonly enableCommandUris?: boolean | readonly string[]; readonly localResourceRoots?: readonly Uri[] }
  export interface WebviewPanelOptions { readonly enableFindWidget?: boolean; readonly retainContextWhenHidden?: boolean }
  export interface Webview {
    options: WebviewOptions;
    html: string;
    readonly onDidReceiveMessage: Event<any>;
    postMessage(message: any): Thenable<boolean>;
    asWebviewUri(localResource: Uri): Uri;
    readonly cspSource: string;
  }
  export interface WebviewPanel {
    readonly viewType: string;
    title: string;
    readonly webview: Webview;
    readonly options: WebviewPanelOptions;
    readonly viewColumn: ViewColumn | undefined;
    readonly active: boolean;
    readonly visible: boolean;
    readonly onDidDispose: Event<void>;
    reveal(viewColumn?: ViewColumn, preserveFocus?: boolean): void;
    dispose(): any;
  }
  export interface InputBoxValidationMessage { readonly message: string; readonly severity: number }
  export interface ConfigurationChangeEvent { affectsConfiguration(section: string, scope?: unknown): boolean }
  export interface WorkspaceConfiguration {
    get<T>(section: string): T | undefined;
    get<T>(section: string, defaultValue: T): T;
    has(section: string): boolean;
    inspect<T>(section: string): {
      key: string;
      defaultValue?: T; globalValue?: T; workspaceValue?: T; workspaceFolderValue?: T;
      defaultLanguageValue?: T; globalLanguageValue?: T; workspaceLanguageValue?: T; workspaceFolderLanguageValue?: T;
      languageIds?: string[];
    } | undefined;
    update(section: string, value: any, configurationTarget?: ConfigurationTarget | boolean | null, overrideInLanguage?: boolean): Thenable<void>;
  }
  export interface TextDocument { readonly uri: unknown; getText(): string }
  export interface StatusBarItem {
    readonly id: string;
    readonly alignment: StatusBarAlignment;
    readonly priority: number | undefined;
    name: string | undefined;
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
  export interface InputBoxOptions {
    prompt?: string; placeHolder?: string; ignoreFocusOut?: boolean;
    validateInput?(value: string): string | InputBoxValidationMessage | undefined | null | Thenable<string | InputBoxValidationMessage | undefined | null>;
  }
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
    export function createOutputChannel(name: string, languageId?: string): OutputChannel;
    export function createOutputChannel(name: string, options: { log: true }): LogOutputChannel;
    export function createWebviewPanel(viewType: string, title: string, showOptions: ViewColumn | { readonly viewColumn: ViewColumn; readonly preserveFocus?: boolean }, options?: WebviewPanelOptions & WebviewOptions): WebviewPanel;
    export function withProgress<R>(options: ProgressOptions, task: (progress: Progress<{ message?: string; increment?: number }>, token: CancellationToken) => Thenable<R>): Thenable<R>;
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
