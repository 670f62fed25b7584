/** The kit's commands: Sync Now, Get / Enter Sync Code, Export and Delete My Synced Data. */
import { maySend } from "../core/consent";
import { apiBase } from "../core/http";
import type { JoinMode, SyncResult } from "../core/types";
import { COMMANDS, type KitDisposable } from "./api";
import { forUser, settle, withProgress, type Layer } from "./layer";
import { createCircle, joinCircle, leaveCircle, newCircleCode, showCircle } from "./circles";
import { askForCode } from "./codes";
import { ensureExportAllowed } from "./prompts";

const MERGE = "Merge: add this device's progress to the synced progress";
const ADOPT = "Adopt: replace this device's progress with the synced progress";

/** A sync whose result the user asked for (messages shown; the window's progress spinner while it runs). */
export async function syncForUser(layer: Layer): Promise<SyncResult> {
  const result = await withProgress(layer, "Syncing Breath Master progress", () => layer.client.sync(), "window");
  return settle(layer, result, true);
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
  const made = await forUser(layer, { title: "Getting a sync code…", failed: "No sync code" }, () => layer.client.pairing.createCode());
  if (!made.ok) return;
  const { code } = made.value;
  layer.log("Sync code made for another device (valid 10 minutes, works once).");
  const copy = "Copy code";
  const answer = await layer.vscode.window.showInformationMessage(`Your sync code: ${code} (valid for 10 minutes, works once)`, copy);
  if (answer === copy) await layer.vscode.env.clipboard.writeText(code);
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
  const joining = { title: "Joining your other device…", failed: "Could not join", unknownCode: "That code is unknown, expired or already used." };
  if (!(await forUser(layer, joining, () => layer.client.pairing.join(code, mode))).ok) return;
  layer.log(`Joined another device's synced progress with a sync code (${mode}).`);
  await layer.settings.update("sync.enabled", true);
  const result = await syncForUser(layer);
  if (result.status === "synced") void window.showInformationMessage("This device now syncs with your other device.");
}

async function exportData(layer: Layer): Promise<void> {
  const data = await forUser(layer, { title: "Exporting your synced data…", failed: "No export" }, () => layer.client.yourData.export());
  if (!data.ok) return;
  layer.log("Synced data exported into an editor.");
  const document = await layer.vscode.workspace.openTextDocument({ content: JSON.stringify(data.value, null, 2), language: "json" });
  await layer.vscode.window.showTextDocument(document as never);
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
  const deleted = await forUser(layer, { title: "Deleting your synced progress…", failed: "Not deleted" }, () => layer.client.yourData.delete());
  if (deleted.ok) {
    layer.log("Synced progress deleted on the server at the user's request; sync turned off.");
    await layer.settings.update("sync.enabled", false);
    void window.showInformationMessage("Your synced progress was deleted. Sync is off.");
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
  if (!maySend(s, "any")) {
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
    [COMMANDS.newCircleCode]: newCircleCode,
  };
  return Object.entries(handlers).map(([id, run]) => layer.vscode.commands.registerCommand(id, () => layer.tasks.track(run(layer))));
}
