/**
 * When the kit syncs by itself: after a session (`onchange`), on a timer (`hourly` / `daily`), when sync, privacy
 * or the board choice change in Settings, and at start-up.
 */
import { maySend } from "../core/consent";
import { hostTimers } from "../core/timers";
import type { SyncResult } from "../core/types";
import type { KitDisposable } from "./api";
import { settle, type Layer } from "./layer";
import { ensureExportAllowed, noticeWorkspaceValues } from "./prompts";
import { USER_ONLY_SETTINGS, type KitSettings } from "./settings";

const MINUTE = 60_000;

/** The server's origin for the log (no path, no user info), or a word when the setting is not a URL. */
function originOf(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    return "(not a valid URL)";
  }
}
const FREQUENCY_MS: Record<string, number | undefined> = { hourly: 60 * MINUTE, daily: 24 * 60 * MINUTE };

/**
 * `breathMaster.sync.syncFrequency`: `onchange` syncs after each session and at start-up; `hourly` / `daily`
 * sync when the period since the last sync has passed (at start-up too) and there is something new to send;
 * `manual` syncs only when the user asks (Sync Now, a code, Restore). Milliseconds until the timer's next look,
 * or undefined when no timer runs. Pure.
 */
export function timerDelay(frequency: string, lastSync: Date | undefined, now: Date): number | undefined {
  const every = FREQUENCY_MS[frequency];
  if (every === undefined) return undefined;
  if (!lastSync) return 0;
  const due = lastSync.getTime() + every - now.getTime();
  return Math.min(every, Math.max(0, due));
}

/** A sync nobody waits for: the status bar shows its result; prompts only where the kit must ask. `why` is logged. */
export function backgroundSync(layer: Layer, why: string): Promise<SyncResult> {
  return layer.tasks.track(layer.client.sync().then((result) => settle(layer, result, false, why)));
}

/** Makes the install ready and syncs once when its frequency syncs by itself. */
export async function start(layer: Layer, why = "at start-up"): Promise<void> {
  noticeWorkspaceValues(layer);
  const s = layer.settings.read();
  layer.settingsSeen = s;
  if (why === "at start-up") layer.log(`Started: sync ${s.syncEnabled ? "on" : "off"}, data privacy ${s.privacy}, frequency ${s.frequency}, server ${originOf(s.endpoint)}.`);
  if (!s.syncEnabled) return;
  const isNew = !(await layer.client.isSetUp());
  await layer.client.setUp();
  // A new id's first choice is what this install's setting says; a joined install keeps the user's choice.
  if (isNew && s.leaderboard) await layer.client.chooseLeaderboard(true);
  if (!maySend(s)) return;
  const delay = timerDelay(s.frequency, layer.client.lastSync(), layer.now());
  if (s.frequency === "onchange" || delay === 0) await backgroundSync(layer, why);
}

/**
 * The timer of `hourly` / `daily`: it looks when a period has passed since the last sync, and syncs only when
 * this install has something new to send, so an idle install's timer never turns into requests (or writes).
 */
export class FrequencyTimer implements KitDisposable {
  private handle?: unknown;
  constructor(private readonly layer: Layer) {}

  private timers() {
    return this.layer.options.client?.timers ?? hostTimers;
  }

  /** Sets the next look; right after a look that synced nothing (offline, nothing new), a full period later. */
  schedule(afterLook = false): void {
    this.dispose();
    const { layer } = this;
    if (layer.disposed) return;
    const frequency = layer.settings.read().frequency;
    const delay = timerDelay(frequency, layer.client.lastSync(), layer.now());
    if (delay === undefined) return;
    this.handle = this.timers().set(() => {
      this.handle = undefined;
      const s = layer.settings.read();
      const look = maySend(s) && layer.client.hasNews() ? backgroundSync(layer, `the ${frequency} timer`) : Promise.resolve();
      void layer.tasks.track(look.then(() => this.schedule(true)));
    }, afterLook && delay === 0 ? FREQUENCY_MS[frequency]! : delay);
  }

  dispose(): void {
    if (this.handle !== undefined) this.timers().clear(this.handle);
    this.handle = undefined;
  }
}

/**
 * Reacts to Settings: the board choice is recorded, turning sync or privacy off takes effect at once. Sync, privacy
 * and the board choice count as changed only when the value the kit uses changed (the user's own): a workspace's
 * value changes nothing but gets its one notice.
 */
export function watchSettings(layer: Layer, timer: FrequencyTimer): KitDisposable {
  return layer.vscode.workspace.onDidChangeConfiguration((event) =>
    layer.tasks.track(
      (async () => {
        const before = layer.settingsSeen;
        const s = layer.settings.read();
        layer.settingsSeen = s;
        const affects = (key: string) => event.affectsConfiguration(`breathMaster.${key}`);
        if (USER_ONLY_SETTINGS.some(affects)) noticeWorkspaceValues(layer);
        const changed = (key: keyof KitSettings) => before === undefined || before[key] !== s[key];
        // Recorded only when the user's own value changed: a workspace's event must not turn the value in effect
        // into a choice (an install left at the default never opts a user out).
        const boardChanged = affects("leaderboard.enabled") && changed("leaderboard");
        if (boardChanged) await layer.client.chooseLeaderboard(s.leaderboard);
        if (affects("sync.syncFrequency")) timer.schedule();
        const syncChanged = affects("sync.enabled") && changed("syncEnabled");
        const privacyChanged = affects("gamification.dataPrivacy") && changed("privacy");
        if (syncChanged || privacyChanged) {
          layer.log(`Settings changed: sync ${s.syncEnabled ? "on" : "off"}, data privacy ${s.privacy}.`);
          if (!maySend(s)) layer.client.dispose(); // takes effect at once
          // Sync turned on in Settings while privacy is local-only: ask, as the commands do (allowing restarts here).
          if (syncChanged && s.syncEnabled && !maySend(s)) await ensureExportAllowed(layer);
          else if (maySend(s)) await start(layer, "after a settings change");
        } else if (boardChanged && s.syncEnabled && s.frequency === "onchange") {
          await backgroundSync(layer, "the board choice changed"); // other frequencies send it at their next sync
        }
        layer.status.refresh();
      })(),
    ),
  );
}

/** After each session: the kit looks at the stats (sends nothing), and syncs when the frequency is `onchange`. */
export function watchSessions(layer: Layer): void {
  layer.tracker.onSessionEnded(() => {
    // The engine cannot unregister a callback: after dispose() it stays, and does nothing.
    if (layer.disposed) return;
    // Once now, once after the current task (a challenge check run right after the session's end). v0.3.5's End
    // Session command awaits its completion message and the display update before its check: a reward that check
    // pays is seen at the kit's next look (the next sync, or the next session's end).
    layer.client.observeNow();
    queueMicrotask(() => layer.client.observeNow());
    const s = layer.settings.read();
    if (s.syncEnabled && s.frequency === "onchange") void backgroundSync(layer, "after a session");
  });
}
