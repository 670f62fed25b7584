/**
 * The circle commands: create one (and copy its code), join with a code, show a circle's board in a webview, make
 * a new invite code (the creator: a code opens its circle for a limited time), leave. Like the other commands,
 * they ask to allow export first under `local-only` and turn sync on, since a circle belongs to the synced user.
 * Requests run under a progress notification; prompts do not.
 */
import { localDay } from "../core/days";
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
  await offerCode(layer, `Your circle “${circle.name}”: invite with the code ${circle.code}`, circle);
}

/** Shows an invite code with the day it stops working (the user's local day), and copies it when asked. */
async function offerCode(layer: Layer, text: string, made: { code: string; codeExpiresAt: string }): Promise<void> {
  const copy = "Copy code";
  const until = localDay(new Date(made.codeExpiresAt));
  const answer = await layer.vscode.window.showInformationMessage(`${text} (it opens the circle until ${until}).`, copy);
  if (answer === copy) await layer.vscode.env.clipboard.writeText(made.code);
}

/** The creator's new invite code: the old one stops working at once (a code also stops after its days). */
export async function newCircleCode(layer: Layer): Promise<void> {
  if (!(await ready(layer))) return;
  const circle = await pickCircle(layer, "A new invite code for which circle?", "No new code", true);
  if (!circle) return;
  const replace = "New code";
  const asked = `A new invite code for “${circle.name}”? The old one stops working; members stay.`;
  if ((await layer.vscode.window.showWarningMessage(asked, { modal: true }, replace)) !== replace) return;
  const making = { title: `Making a new code for “${circle.name}”…`, failed: "No new code" };
  const made = await forUser(layer, making, () => layer.client.circles.newCode(circle.circleId));
  if (!made.ok) return;
  layer.log(`New invite code made for circle “${circle.name}”.`);
  await offerCode(layer, `“${circle.name}”: invite with the new code ${made.value.code}`, made.value);
}

export async function joinCircle(layer: Layer): Promise<void> {
  if (!(await ready(layer))) return;
  const code = await askForCode(layer, "circle");
  if (!code) return;
  const unknownCode = "That code opens no circle: it may have been replaced, or be too old. Ask the circle's creator for a new one.";
  const joining = { title: "Joining the circle…", failed: "Could not join", unknownCode };
  const joined = await forUser(layer, joining, () => layer.client.circles.join(code));
  if (!joined.ok) return;
  layer.log(`Joined circle “${joined.value.name}” with its invite code.`);
  void layer.vscode.window.showInformationMessage(`You joined “${joined.value.name}”: its board shows your progress to its members.`);
}

/**
 * Asks which of the user's circles (only those they created, for `created`); undefined when there is none, the
 * list failed (said), or the user cancels.
 */
async function pickCircle(layer: Layer, placeHolder: string, failed: string, created = false): Promise<{ circleId: string; name: string } | undefined> {
  const listed = await forUser(layer, { title: "Reading your circles…", failed }, () => layer.client.circles.list());
  if (!listed.ok) return undefined;
  const circles = listed.value.filter((c) => !created || c.creator);
  if (circles.length === 0) {
    const none = created && listed.value.length > 0 ? "Only a circle's creator makes its invite codes, and you created none of your circles." : "You are in no circle yet: create one, or join one with its code.";
    void layer.vscode.window.showInformationMessage(none);
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
