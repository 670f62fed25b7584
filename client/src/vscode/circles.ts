/**
 * The circle commands: create one (and copy its code), join with a code, show a circle's board in an editor,
 * leave. Like the other commands, they ask to allow export first under `local-only` and turn sync on, since a
 * circle belongs to the synced user.
 */
import { SyncError } from "../core/http";
import type { CircleBoard } from "../core/resources/circles";
import type { Layer } from "./layer";
import { ensureExportAllowed } from "./prompts";

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
    const circle = await layer.client.circles.create();
    const copy = "Copy code";
    const answer = await layer.vscode.window.showInformationMessage(`Your circle “${circle.name}”: invite with the code ${circle.code}`, copy);
    if (answer === copy) await layer.vscode.env.clipboard.writeText(circle.code);
  } catch (error) {
    void layer.vscode.window.showErrorMessage(`No circle: ${messageOf(error)}`);
  }
}

export async function joinCircle(layer: Layer): Promise<void> {
  if (!(await ready(layer))) return;
  const code = await layer.vscode.window.showInputBox({ prompt: "The circle's invite code", placeHolder: "BC-XXXX-XXXX", ignoreFocusOut: true });
  if (!code) return;
  try {
    const circle = await layer.client.circles.join(code);
    void layer.vscode.window.showInformationMessage(`You joined “${circle.name}”: its board shows your progress to its members.`);
  } catch (error) {
    const unknown = error instanceof SyncError && error.code === "not_found";
    void layer.vscode.window.showErrorMessage(unknown ? "That code opens no circle (it may have been replaced)." : `Could not join: ${messageOf(error)}`);
  }
}

/** Asks which of the user's circles; undefined when there is none or the user cancels. */
async function pickCircle(layer: Layer, placeHolder: string): Promise<{ circleId: string; name: string } | undefined> {
  const circles = await layer.client.circles.list();
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

/** A circle's board as a small Markdown document; the user's own row is marked. */
export function boardText(board: CircleBoard): string {
  const rows = board.rankings.map((r) => `| ${r.rank} | ${r.anonymousId}${r.anonymousId === board.me?.anonymousId ? " (you)" : ""} | ${r.xp} |`);
  return [
    `# ${board.name} — ${board.period} (${board.periodKey})`,
    "",
    `${board.participants} of ${board.members} members scored; updated ${board.generatedAt}.`,
    "",
    "| rank | member | XP |",
    "| --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}

export async function showCircle(layer: Layer): Promise<void> {
  if (!(await ready(layer))) return;
  try {
    const circle = await pickCircle(layer, "Which circle's board?");
    if (!circle) return;
    const board = await layer.client.circles.board(circle.circleId, "weekly");
    const document = await layer.vscode.workspace.openTextDocument({ content: boardText(board), language: "markdown" });
    await layer.vscode.window.showTextDocument(document as never);
  } catch (error) {
    void layer.vscode.window.showErrorMessage(`No board: ${messageOf(error)}`);
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
    await layer.client.circles.leave(circle.circleId);
    void layer.vscode.window.showInformationMessage(`You left “${circle.name}”.`);
  } catch (error) {
    void layer.vscode.window.showErrorMessage(`Could not leave: ${messageOf(error)}`);
  }
}
