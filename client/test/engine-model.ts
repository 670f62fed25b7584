/**
 * Our own model of the extension's engine, written from ../shared/EXTENSION-FACTS.md (no code of the extension):
 * the same public methods the kit uses, the same storage behaviour (the whole stats object written to one
 * globalState key on every change, each breath cycle included) and the same quirks (a load on a new day resets
 * today's counters in memory and bumps `currentStreak` when the last day was yesterday; `reset()` zeroes all).
 * It also models VS Code's Memento and SecretStorage, and a per-install clock.
 */
import type { MeditationStats } from "../src";

/** VS Code's Memento: `get` at once, `update` sets the value at once and persists asynchronously. */
export class MementoModel {
  readonly values = new Map<string, string>();
  get(key: string): unknown {
    const value = this.values.get(key);
    return value === undefined ? undefined : JSON.parse(value);
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.stringify(value));
    return Promise.resolve();
  }
}

export class SecretsModel {
  readonly values = new Map<string, string>();
  async get(key: string) {
    return this.values.get(key);
  }
  async store(key: string, value: string) {
    this.values.set(key, value);
  }
  async delete(key: string) {
    this.values.delete(key);
  }
}

const EMPTY: MeditationStats = {
  totalXP: 0,
  currentStreak: 0,
  longestStreak: 0,
  todaySessionTime: 0,
  lastMeditationDate: "",
  totalMeditationTime: 0,
  sessionsToday: 0,
};

export class EngineModel {
  private stats: MeditationStats;
  private readonly sessionEnded: Array<() => void> = [];

  constructor(
    private readonly storageKey: string,
    private readonly storage: MementoModel,
    private readonly clock: () => Date,
    /** Whether this engine has the one addition the kit asks for (`replaceStats`). */
    withReplaceStats = true,
  ) {
    this.stats = this.load();
    if (!withReplaceStats) (this as { replaceStats?: unknown }).replaceStats = undefined;
  }

  private today(): string {
    return this.clock().toDateString();
  }

  private load(): MeditationStats {
    const stored = this.storage.get(this.storageKey) as MeditationStats | undefined;
    if (!stored) return { ...EMPTY };
    if (stored.lastMeditationDate !== this.today()) {
      const yesterday = new Date(this.clock());
      yesterday.setDate(yesterday.getDate() - 1);
      const wasYesterday = !!stored.lastMeditationDate && new Date(stored.lastMeditationDate).toDateString() === yesterday.toDateString();
      return { ...stored, todaySessionTime: 0, sessionsToday: 0, currentStreak: wasYesterday ? stored.currentStreak + 1 : 0 };
    }
    return stored;
  }

  private save(): void {
    void this.storage.update(this.storageKey, this.stats);
  }

  getStats(): MeditationStats {
    return { ...this.stats };
  }

  reloadFromStorage(): void {
    this.stats = this.load();
  }

  onSessionEnded(callback: () => void): void {
    this.sessionEnded.push(callback);
  }

  addExternalXP(amount: number, _source?: string): void {
    this.stats.totalXP += amount;
    this.save();
  }

  reset(): void {
    this.stats = { ...EMPTY, sessions: [] };
    this.save();
  }

  /** The engine addition the kit names: set stats and save them, without the new-day logic. */
  replaceStats(stats: MeditationStats): void {
    this.stats = { ...stats };
    this.save();
  }

  // ---- practice, as the engine records it --------------------------------------------------------------------

  /** Breath cycles of a running session: +1 XP each, saved each time. */
  breathe(cycles: number): void {
    for (let i = 0; i < cycles; i++) {
      this.stats.totalXP += 1;
      this.save();
    }
  }

  /** A session ends: its time is added (today's counters, streak on the first session of a day), then a bonus. */
  endSession(activeMs: number, bonusXP: number): void {
    const today = this.today();
    this.stats.todaySessionTime += activeMs;
    this.stats.totalMeditationTime += activeMs;
    this.stats.sessionsToday = (this.stats.sessionsToday ?? 0) + 1;
    if (this.stats.lastMeditationDate !== today) {
      const yesterday = new Date(this.clock());
      yesterday.setDate(yesterday.getDate() - 1);
      const continues = !!this.stats.lastMeditationDate && new Date(this.stats.lastMeditationDate).toDateString() === yesterday.toDateString();
      this.stats.currentStreak = continues ? this.stats.currentStreak + 1 : 1;
      this.stats.longestStreak = Math.max(this.stats.longestStreak, this.stats.currentStreak);
      this.stats.lastMeditationDate = today;
    }
    const started = new Date(this.clock().getTime() - activeMs).toISOString();
    this.stats.sessions = [...(this.stats.sessions ?? []), { id: `sess-${this.clock().getTime()}`, startedAt: started, activeMs }];
    this.save();
    if (bonusXP > 0) this.addExternalXP(bonusXP);
    for (const callback of this.sessionEnded) callback();
  }

  /** A challenge completed: its reward and the counter. */
  completeChallenge(rewardXP: number): void {
    this.stats.totalXP += rewardXP;
    this.stats.challengesCompleted = (this.stats.challengesCompleted ?? 0) + 1;
    this.save();
  }
}
