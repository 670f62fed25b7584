// The extension's activate(), reduced to what the guide adds (the two marked lines) and what they meet there in
// v0.3.5: the parameter `extensionContext`, the module-level `context` it assigns first, the tracker.
import * as vscode from "vscode";
import { MeditationTracker } from "../engine/gamification";
import { activateSync } from "../sync/breath-master-sync-vscode"; // guide line 1

let meditationTracker: MeditationTracker;
let context: vscode.ExtensionContext;

export async function activate(extensionContext: vscode.ExtensionContext): Promise<void> {
  context = extensionContext;
  meditationTracker = new MeditationTracker('breathMaster.meditationStats', extensionContext.globalState);
  activateSync(vscode, extensionContext, meditationTracker); // guide line 2
}

export function currentContext(): vscode.ExtensionContext {
  return context;
}
