/**
 * Where the kit keeps things on the install: the bookkeeping in globalState, the userId in SecretStorage, and a
 * queue so that the bookkeeping changes one step at a time.
 */
import type { ChallengeRef } from "./bookkeeping/challenge-rules";
import type { KitState } from "./bookkeeping/state";
import type { SecretStore, StateStore } from "./types";

export const STATE_KEY = "breathMaster.sync.state";
export const USER_ID_KEY = "breathMaster.sync.userId";
/** An old id of this install whose server record is still to be deleted (resources/your-data.ts, retireSoloRecord). */
export const RETIRING_KEY = "breathMaster.sync.retiringUserId";
/**
 * Served challenges the kit had handed when it forgot its id (a deletion, a 410) that the engine's list still held
 * open: no user's data, only refs of the day's public set. Counting starts from them again (marker.ts, startCounting).
 */
export const HANDED_BEFORE_KEY = "breathMaster.sync.handedBefore";

export class KitStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly state: StateStore,
    private readonly secrets: SecretStore,
  ) {}

  /** Runs `task` after every earlier one: one change of the bookkeeping at a time. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every task queued so far has run. */
  drained(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  read(): KitState | undefined {
    const stored = this.state.get(STATE_KEY) as KitState | undefined;
    return stored && stored.v === 1 ? stored : undefined;
  }

  async save(state: KitState): Promise<void> {
    await this.state.update(STATE_KEY, state);
  }

  async userId(): Promise<string | undefined> {
    const value = await this.secrets.get(USER_ID_KEY);
    return typeof value === "string" && value ? value : undefined;
  }

  async setUserId(userId: string): Promise<void> {
    await this.secrets.store(USER_ID_KEY, userId);
  }

  async retiringUserId(): Promise<string | undefined> {
    return (await this.secrets.get(RETIRING_KEY)) || undefined;
  }

  async setRetiringUserId(userId: string | undefined): Promise<void> {
    if (userId) await this.secrets.store(RETIRING_KEY, userId);
    else await this.secrets.delete(RETIRING_KEY);
  }

  /** The refs kept when the id was forgotten (`clear`), if any. */
  handedBefore(): ChallengeRef[] {
    const stored = this.state.get(HANDED_BEFORE_KEY);
    return Array.isArray(stored) ? (stored as ChallengeRef[]) : [];
  }

  /** Counting started again: the kept refs are in the bookkeeping now. */
  async dropHandedBefore(): Promise<void> {
    if (this.state.get(HANDED_BEFORE_KEY) !== undefined) await this.state.update(HANDED_BEFORE_KEY, undefined);
  }

  /**
   * Forgets the id and the bookkeeping (the caller keeps the device id if it wants it); `handedOpen` (served refs
   * the engine's list still holds open) is kept apart until counting starts again.
   */
  async clear(handedOpen: ChallengeRef[] = []): Promise<void> {
    await this.secrets.delete(USER_ID_KEY);
    await this.state.update(STATE_KEY, undefined);
    await this.state.update(HANDED_BEFORE_KEY, handedOpen.length > 0 ? handedOpen : undefined);
  }
}

export function randomUuid(): string {
  const webCrypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (webCrypto?.randomUUID) return webCrypto.randomUUID();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- Node's crypto, only for hosts without the global one (the extension host has it since Node 19); an import would load it everywhere
  return (require("crypto") as { randomUUID: () => string }).randomUUID();
}
