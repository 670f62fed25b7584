/**
 * The kit's dispose() disposes what the kit registered, and only that: the extension's own subscriptions (its
 * commands, its status bar, its listeners) stay in `context.subscriptions` and stay alive. No server: the
 * settings keep sync off, so nothing is sent.
 */
import { activateSync, COMMANDS } from "../src";
import { EngineModel, MementoModel, SecretsModel } from "./engine-model";
import { FakeVscode } from "./fake-vscode";

test("dispose() leaves the extension's other subscriptions alone, and removes the kit's commands and listener", async () => {
  const vscode = new FakeVscode();
  const disposedByExtension: string[] = [];
  const own = (name: string) => ({ dispose: () => void disposedByExtension.push(name) });
  const context = { globalState: new MementoModel(), secrets: new SecretsModel(), subscriptions: [own("extension command"), own("extension status bar")] };
  const engine = new EngineModel("breathMaster.meditationStats", context.globalState, () => new Date("2026-11-24T10:00:00Z"));

  const kit = activateSync(vscode, context, engine);
  await kit.idle();
  expect(context.subscriptions.length).toBeGreaterThan(2);
  expect(vscode.hasCommand(COMMANDS.syncNow)).toBe(true);
  expect(vscode.listenerCount()).toBe(1);

  kit.dispose();
  expect(disposedByExtension).toEqual([]);
  expect(context.subscriptions).toHaveLength(2);
  expect(vscode.hasCommand(COMMANDS.syncNow)).toBe(false);
  expect(vscode.listenerCount()).toBe(0);

  // Disposing twice (the kit's dispose(), then VS Code disposing what is left at deactivation) is harmless.
  kit.dispose();
  for (const item of context.subscriptions) item.dispose();
  expect(disposedByExtension).toEqual(["extension command", "extension status bar"]);
});
