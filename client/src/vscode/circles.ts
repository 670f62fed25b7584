/**
 * The circle commands: create one (and copy its code), join with a code, show a circle's board in a webview,
 * leave. Like the other commands, they ask to allow export first under `local-only` and turn sync on, since a
 * circle belongs to the synced user. Requests run under a progress notification; prompts do not.
 */
import { showBoardPanel } from "./board-view";
import { askForCode } from "./codes";
import { forUser, type Layer } from "./layer";
import { ensureExportAllowed } from "./prompts";

/** Export allowed, sync on, an id: what every circle command needs before its first request. */
async function ready(layer: Layer): Promise<boolean> {
  if (!(await ensureExportAllowed(layer))) return false;
  if (!layer.settings.read().syncEnabled) await layer.settings.update("sync.enabled", true);
  await layer.client.setUp();
  return true;
}

export async function createCircle(layer: Layer): Promise<void> {
  if (!(await ready(layer))) return;
  const made = await forUser(layer, { title: "Creating a circle…", failed: "No circle" }, () => layer.client.circles.create());
  if (!made.ok) return;
  const circle = made.value;
  layer.log(`Circle “${circle.name}” created.`);
  const copy = "Copy code";
  const answer = await layer.vscode.window.showInformationMessage(`Your circle “${circle.name}”: invite with the code ${circle.code}`, copy);
  if (answer === copy) await layer.vscode.env.clipboard.writeText(circle.code);
}

export async function joinCircle(layer: Layer): Promise<void> {
  if (!(await ready(layer))) return;
  const code = await askForCode(layer, "circle");
  if (!code) return;
  const joining = { title: "Joining the circle…", failed: "Could not join", unknownCode: "That code opens no circle (it may have been replaced)." };
  const joined = await forUser(layer, joining, () => layer.client.circles.join(code));
  if (!joined.ok) return;
  layer.log(`Joined circle “${joined.value.name}” with its invite code.`);
  void layer.vscode.window.showInformationMessage(`You joined “${joined.value.name}”: its board shows your progress to its members.`);
}

/** Asks which of the user's circles; undefined when there is none, the list failed (said), or the user cancels. */
async function pickCircle(layer: Layer, placeHolder: string, failed: string): Promise<{ circleId: string; name: string } | undefined> {
  const listed = await forUser(layer, { title: "Reading your circles…", failed }, () => layer.client.circles.list());
  if (!listed.ok) return undefined;
  const circles = listed.value;
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
  const circle = await pickCircle(layer, "Which circle's board?", "No board");
  if (!circle) return;
  const reading = { title: `Reading “${circle.name}”'s board…`, failed: "No board" };
  const board = await forUser(layer, reading, () => layer.client.circles.board(circle.circleId, "weekly"));
  if (!board.ok) return;
  layer.log(`Board of “${circle.name}” shown.`);
  showBoardPanel(layer, board.value);
}

export async function leaveCircle(layer: Layer): Promise<void> {
  if (!(await ready(layer))) return;
  const circle = await pickCircle(layer, "Which circle do you leave?", "Could not leave");
  if (!circle) return;
  const leave = "Leave";
  const answer = await layer.vscode.window.showWarningMessage(`Leave “${circle.name}”? Its board no longer shows you.`, { modal: true }, leave);
  if (answer !== leave) return;
  const left = await forUser(layer, { title: `Leaving “${circle.name}”…`, failed: "Could not leave" }, () => layer.client.circles.leave(circle.circleId));
  if (!left.ok) return;
  layer.log(`Left circle “${circle.name}”.`);
  void layer.vscode.window.showInformationMessage(`You left “${circle.name}”.`);
}
