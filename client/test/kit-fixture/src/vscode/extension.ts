// The extension's activate(), reduced to what the guide adds: the two marked lines.
import * as vscode from "vscode";
import { MeditationTracker } from "../engine/gamification";
import { activateSync } from "../sync/breath-master-sync-vscode"; // guide line 1

let meditationTracker: MeditationTracker;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  meditationTracker = new MeditationTracker("breathMaster.meditationStats", context.globalState);
  activateSync(vscode, context, meditationTracker); // guide line 2
}
