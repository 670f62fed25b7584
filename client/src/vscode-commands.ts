/** The kit's commands: Sync Now, Get / Enter Sync Code, Export and Delete My Synced Data. */
import { apiBase, SyncError } from "./http";
import type { JoinMode, SyncResult } from "./types";
import { COMMANDS, type KitDisposable } from "./vscode-api";
import { problemOf, settle, showError, withProgress, type Layer } from "./vscode-layer";
import { createCircle, joinCircle, leaveCircle, showCircle } from "./vscode-circles";
import { askForCode } from "./vscode-codes";
import { askAboutClearedData, ensureExportAllowed } from "./vscode-prompts";

const MERGE = "Merge: add this device's progress to the synced progress";
const ADOPT = "Adopt: replace this device's progress with the synced progress";

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A sync whose result the user asked for (messages shown; the window's progress spinner while it runs). */
export async function syncForUser(layer: Layer): Promise<SyncResult> {
  const result = await withProgress(layer, "Syncing Breath Master progress", () => layer.client.sync(), "window");
  return settle(layer, result, true, () => askAboutClearedData(layer));
}

async function syncNow(layer: Layer): Promise<void> {
  if (!layer.settings.read().syncEnabled) {
    void layer.vscode.window.showInformationMessage("Sync is off. Turn on breathMaster.sync.enabled in your user settings to sync.");
    return;
  }
  await syncForUser(layer);
}

async function getCode(layer: Layer): Promise<void> {
  if (!(await ensureExportAllowed(layer))) return;
  if (!layer.settings.read().syncEnabled) await layer.settings.update("sync.enabled", true);
  await layer.client.setUp();
  try {
    const { code } = await withProgress(layer, "Getting a sync code…", () => layer.client.createPairingCode());
    layer.log("Sync code made for another device (valid 10 minutes, works once).");
    const copy = "Copy code";
    const answer = await layer.vscode.window.showInformationMessage(`Your sync code: ${code} (valid for 10 minutes, works once)`, copy);
    if (answer === copy) await layer.vscode.env.clipboard.writeText(code);
  } catch (error) {
    layer.log(`No sync code: ${problemOf(error)}.`);
    showError(layer, `No sync code: ${messageOf(error)}`);
  }
}

async function enterCode(layer: Layer): Promise<void> {
  const { window } = layer.vscode;
  if (!(await ensureExportAllowed(layer))) return;
  // The mode first: the code works once, so nothing is claimed until the user has chosen.
  const picked = await window.showQuickPick([MERGE, ADOPT], { placeHolder: "How should this device join?", ignoreFocusOut: true });
  if (!picked) return;
  const code = await askForCode(layer, "sync");
  if (!code) return;
  const mode: JoinMode = picked === MERGE ? "merge" : "adopt";
  try {
    await withProgress(layer, "Joining your other device…", () => layer.client.joinWithCode(code, mode));
    layer.log(`Joined another device's synced progress with a sync code (${mode}).`);
  } catch (error) {
    layer.log(`Not joined: ${problemOf(error)}.`);
    const unknown = error instanceof SyncError && error.code === "not_found";
    showError(layer, unknown ? "That code is unknown, expired or already used." : `Could not join: ${messageOf(error)}`);
    return;
  }
  await layer.settings.update("sync.enabled", true);
  const result = await syncForUser(layer);
  if (result.status === "synced") void window.showInformationMessage("This device now syncs with your other device.");
}

async function exportData(layer: Layer): Promise<void> {
  try {
    const data = await withProgress(layer, "Exporting your synced data…", () => layer.client.exportRemoteData());
    layer.log("Synced data exported into an editor.");
    const document = await layer.vscode.workspace.openTextDocument({ content: JSON.stringify(data, null, 2), language: "json" });
    await layer.vscode.window.showTextDocument(document as never);
  } catch (error) {
    layer.log(`No export: ${problemOf(error)}.`);
    showError(layer, `No export: ${messageOf(error)}`);
  }
}

async function deleteData(layer: Layer): Promise<void> {
  const { window } = layer.vscode;
  const confirm = "Delete everywhere";
  const answer = await window.showWarningMessage(
    "Delete your synced progress from the server? Every device stops syncing it; the progress on each device stays.",
    { modal: true },
    confirm,
  );
  if (answer !== confirm) return;
  try {
    await withProgress(layer, "Deleting your synced progress…", () => layer.client.deleteRemoteData());
    layer.log("Synced progress deleted on the server at the user's request; sync turned off.");
    await layer.settings.update("sync.enabled", false);
    void window.showInformationMessage("Your synced progress was deleted. Sync is off.");
  } catch (error) {
    layer.log(`Not deleted: ${problemOf(error)}.`);
    showError(layer, `Not deleted: ${messageOf(error)}`);
  }
  layer.status.refresh();
}

/**
 * Opens the public boards page on the user's row: `<endpoint origin>/?period=weekly#me=<anonymousId>` (the
 * anonymousId is public on the boards; the userId never goes into a URL). Under local-only nothing is opened:
 * the page itself is a request to the server.
 */
async function showBoards(layer: Layer): Promise<void> {
  const s = layer.settings.read();
  if (s.privacy !== "export-allowed") {
    void layer.vscode.window.showInformationMessage("Nothing is sent while data privacy is local-only, so the boards page is not opened.");
    return;
  }
  layer.log("Boards page opened in the browser.");
  await layer.vscode.env.openExternal(layer.vscode.Uri.parse(boardsUrl(s.endpoint, layer.client.anonymousId())) as never);
}

/** The boards page for an endpoint setting (`https://host` or `https://host/api/v1`): Hosting serves both. */
export function boardsUrl(endpoint: string, anonymousId: string | undefined, period = "weekly"): string {
  const origin = new URL(apiBase(endpoint)).origin;
  return `${origin}/?period=${period}${anonymousId ? `#me=${encodeURIComponent(anonymousId)}` : ""}`;
}

/** Registers every command; returns the registrations (the kit disposes them, and only them). */
export function registerCommands(layer: Layer): KitDisposable[] {
  const handlers: Record<string, (layer: Layer) => Promise<void>> = {
    [COMMANDS.syncNow]: syncNow,
    [COMMANDS.getCode]: getCode,
    [COMMANDS.enterCode]: enterCode,
    [COMMANDS.exportData]: exportData,
    [COMMANDS.deleteData]: deleteData,
    [COMMANDS.showBoards]: showBoards,
    [COMMANDS.createCircle]: createCircle,
    [COMMANDS.joinCircle]: joinCircle,
    [COMMANDS.showCircle]: showCircle,
    [COMMANDS.leaveCircle]: leaveCircle,
  };
  return Object.entries(handlers).map(([id, run]) => layer.vscode.commands.registerCommand(id, () => layer.tasks.track(run(layer))));
}
