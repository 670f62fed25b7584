/**
 * Leaderboard rules, pure: how a list of scores becomes ranks. How much of a gain counts, and how it fills the
 * period buckets, is decided when the gain is recorded, by the sync merge (domain/board-gains.ts); the boards
 * only rank the buckets it wrote.
 */
export interface Ranked {
  rank: number;
  xp: number;
  anonymousId: string;
}

/**
 * Standard competition ranking (1, 2, 2, 4): equal scores share a rank and the next rank skips. Ties are listed
 * in anonymousId order so every rebuild lists them the same way.
 */
export function rank(entries: ReadonlyArray<{ xp: number; anonymousId: string }>): Ranked[] {
  const sorted = [...entries].sort((a, b) => b.xp - a.xp || a.anonymousId.localeCompare(b.anonymousId));
  const ranked: Ranked[] = [];
  sorted.forEach((entry, index) => {
    const previous = ranked[index - 1];
    const place = previous && previous.xp === entry.xp ? previous.rank : index + 1;
    ranked.push({ rank: place, xp: entry.xp, anonymousId: entry.anonymousId });
  });
  return ranked;
}
