// A stand-in for the extension's engine module with the public surface the kit meets (EXTENSION-FACTS.md),
// written by us: its own MeditationStats interface (no index signature), and the one addition the kit asks for.
export interface SessionRecord { id: string; startedAt: string; endedAt: string; activeMs: number; cycles: number; finalXP?: number }
export interface DailyChallenge {
  id: string; date: string; type: "cycles" | "minutes" | "streak" | "deep_session" | "morning_breath" | "evening_flow";
  target: number; rewardXP: number; availableFrom: number; completed?: boolean; expired?: boolean;
  title: string; description: string; eonMessage: string; completionMessage: string;
}
export interface MeditationStats {
  totalXP: number; currentStreak: number; longestStreak: number; todaySessionTime: number; lastMeditationDate: string;
  totalMeditationTime: number; sessionsToday: number; sessions?: SessionRecord[]; lastGoalMinutes?: number;
  dailyChallenges?: DailyChallenge[]; challengesCompleted?: number; lastChallengeDate?: string;
}
export class MeditationTracker {
  private stats: MeditationStats;
  constructor(private storageKey: string, private storage?: any) {
    this.stats = storage?.get(storageKey) ?? { totalXP: 0, currentStreak: 0, longestStreak: 0, todaySessionTime: 0, lastMeditationDate: "", totalMeditationTime: 0, sessionsToday: 0 };
  }
  getStats(): MeditationStats { return { ...this.stats }; }
  reloadFromStorage(): void { this.stats = this.storage?.get(this.storageKey) ?? this.stats; }
  onSessionEnded(callback: () => void): void { void callback; }
  addExternalXP(amount: number, source?: string): void { this.stats.totalXP += amount; void source; }
  reset(): void { this.stats = { ...this.stats, totalXP: 0 }; }
  // The engine addition (docs/extension-integration.md): 4 lines.
  replaceStats(stats: MeditationStats): void {
    this.stats = { ...stats };
    this.storage?.update(this.storageKey, this.stats);
  }
}
