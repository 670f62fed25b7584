/**
 * The circle commands: create one (and copy its code), join with a code, show a circle's board in a webview,
 * leave. Like the other commands, they ask to allow export first under `local-only` and turn sync on, since a
 * circle belongs to the synced user. Requests run under a progress notification; prompts do not.
 */
import { SyncError } from "./http";
import { showBoardPanel } from "./vscode-board-view";
import { askForCode } from "./vscode-codes";
import { problemOf, showError, withProgress, type Layer } from "./vscode-layer";
import { ensureExportAllowed } from "./vscode-prompts";

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Export allowed, sync on, an id: what every circle command needs before its first request. */
async function ready(layer: Layer): Promise<boolean> {
  if (!(await ensureExportAllowed(layer))) return false;
  if (!layer.settings.read().syncEnabled) await layer.settings.update("sync.enabled", true);
  await layer.client.setUp();
  return true;
}

export async function createCircle(layer: Layer): Promise<void> {
  if (!(await ready(layer))) return;
  try {
    const circle = await withProgress(layer, "Creating a circle…", () => layer.client.circles.create());
    layer.log(`Circle “${circle.name}” created.`);
    const copy = "Copy code";
    const answer = await layer.vscode.window.showInformationMessage(`Your circle “${circle.name}”: invite with the code ${circle.code}`, copy);
    if (answer === copy) await layer.vscode.env.clipboard.writeText(circle.code);
  } catch (error) {
    layer.log(`No circle: ${problemOf(error)}.`);
    showError(layer, `No circle: ${messageOf(error)}`);
  }
}

export async function joinCircle(layer: Layer): Promise<void> {
  if (!(await ready(layer))) return;
  const code = await askForCode(layer, "circle");
  if (!code) return;
  try {
    const circle = await withProgress(layer, "Joining the circle…", () => layer.client.circles.join(code));
    layer.log(`Joined circle “${circle.name}” with its invite code.`);
    void layer.vscode.window.showInformationMessage(`You joined “${circle.name}”: its board shows your progress to its members.`);
  } catch (error) {
    layer.log(`Circle not joined: ${problemOf(error)}.`);
    const unknown = error instanceof SyncError && error.code === "not_found";
    showError(layer, unknown ? "That code opens no circle (it may have been replaced)." : `Could not join: ${messageOf(error)}`);
  }
}

/** Asks which of the user's circles; undefined when there is none or the user cancels. */
async function pickCircle(layer: Layer, placeHolder: string): Promise<{ circleId: string; name: string } | undefined> {
  const circles = await withProgress(layer, "Reading your circles…", () => layer.client.circles.list());
  if (circles.length === 0) {
    void layer.vscode.window.showInformationMessage("You are in no circle yet: create one, or join one with its code.");
    return undefined;
  }
  const picked = await layer.vscode.window.showQuickPick(
    circles.map((c) => c.name),
    { placeHolder, ignoreFocusOut: true },
  );
  return circles.find((c) => c.name === picked);
}

export async function showCircle(layer: Layer): Promise<void> {
  if (!(await ready(layer))) return;
  try {
    const circle = await pickCircle(layer, "Which circle's board?");
    if (!circle) return;
    const board = await withProgress(layer, `Reading “${circle.name}”'s board…`, () => layer.client.circles.board(circle.circleId, "weekly"));
    layer.log(`Board of “${circle.name}” shown.`);
    showBoardPanel(layer, board);
  } catch (error) {
    layer.log(`No board: ${problemOf(error)}.`);
    showError(layer, `No board: ${messageOf(error)}`);
  }
}

export async function leaveCircle(layer: Layer): Promise<void> {
  if (!(await ready(layer))) return;
  try {
    const circle = await pickCircle(layer, "Which circle do you leave?");
    if (!circle) return;
    const leave = "Leave";
    const answer = await layer.vscode.window.showWarningMessage(`Leave “${circle.name}”? Its board no longer shows you.`, { modal: true }, leave);
    if (answer !== leave) return;
    await withProgress(layer, `Leaving “${circle.name}”…`, () => layer.client.circles.leave(circle.circleId));
    layer.log(`Left circle “${circle.name}”.`);
    void layer.vscode.window.showInformationMessage(`You left “${circle.name}”.`);
  } catch (error) {
    layer.log(`Circle not left: ${problemOf(error)}.`);
    showError(layer, `Could not leave: ${messageOf(error)}`);
  }
}
