/**
 * The circle commands: create one (and copy its code), join with a code, show a circle's board in an editor,
 * leave. Like the other commands, they ask to allow export first under `local-only` and turn sync on, since a
 * circle belongs to the synced user.
 */
import { describeProblem, refusedAs } from "../core/http";
import type { CircleBoard } from "../core/resources/circles";
import type { Layer } from "./layer";
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
  const made = await layer.client.circles.create();
  if (!made.ok) {
    void layer.vscode.window.showErrorMessage(`No circle: ${describeProblem(made.problem)}`);
    return;
  }
  const circle = made.value;
  const copy = "Copy code";
  const answer = await layer.vscode.window.showInformationMessage(`Your circle “${circle.name}”: invite with the code ${circle.code}`, copy);
  if (answer === copy) await layer.vscode.env.clipboard.writeText(circle.code);
}

export async function joinCircle(layer: Layer): Promise<void> {
  if (!(await ready(layer))) return;
  const code = await layer.vscode.window.showInputBox({ prompt: "The circle's invite code", placeHolder: "BC-XXXX-XXXX", ignoreFocusOut: true });
  if (!code) return;
  const joined = await layer.client.circles.join(code);
  if (joined.ok) {
    void layer.vscode.window.showInformationMessage(`You joined “${joined.value.name}”: its board shows your progress to its members.`);
    return;
  }
  const unknown = refusedAs(joined.problem, "not_found");
  void layer.vscode.window.showErrorMessage(unknown ? "That code opens no circle (it may have been replaced)." : `Could not join: ${describeProblem(joined.problem)}`);
}

/** Asks which of the user's circles; undefined when there is none, the list failed (said), or the user cancels. */
async function pickCircle(layer: Layer, placeHolder: string, failed: string): Promise<{ circleId: string; name: string } | undefined> {
  const listed = await layer.client.circles.list();
  if (!listed.ok) {
    void layer.vscode.window.showErrorMessage(`${failed}: ${describeProblem(listed.problem)}`);
    return undefined;
  }
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
  const circle = await pickCircle(layer, "Which circle's board?", "No board");
  if (!circle) return;
  const board = await layer.client.circles.board(circle.circleId, "weekly");
  if (!board.ok) {
    void layer.vscode.window.showErrorMessage(`No board: ${describeProblem(board.problem)}`);
    return;
  }
  const document = await layer.vscode.workspace.openTextDocument({ content: boardText(board.value), language: "markdown" });
  await layer.vscode.window.showTextDocument(document as never);
}

export async function leaveCircle(layer: Layer): Promise<void> {
  if (!(await ready(layer))) return;
  const circle = await pickCircle(layer, "Which circle do you leave?", "Could not leave");
  if (!circle) return;
  const leave = "Leave";
  const answer = await layer.vscode.window.showWarningMessage(`Leave “${circle.name}”? Its board no longer shows you.`, { modal: true }, leave);
  if (answer !== leave) return;
  const left = await layer.client.circles.leave(circle.circleId);
  if (left.ok) void layer.vscode.window.showInformationMessage(`You left “${circle.name}”.`);
  else void layer.vscode.window.showErrorMessage(`Could not leave: ${describeProblem(left.problem)}`);
}
