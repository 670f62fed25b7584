/** The extension's own settings, as the kit reads them (the defaults are the extension's package.json defaults). */
import type { KitVscode } from "./api";

export interface KitSettings {
  syncEnabled: boolean;
  privacy: string;
  endpoint: string;
  frequency: string;
  leaderboard: boolean;
  /** `breathMaster.leaderboard.showInStatusBar`: this week's rank beside the sync status. */
  rankInStatusBar: boolean;
}

/**
 * The settings that decide whether and where the user's id is sent, and whether their progress shows on the public
 * boards. Only the user's own settings (or the default) decide them: a workspace's `.vscode/settings.json` is
 * someone else's choice (any repository the user opens), so its value is ignored here whatever the extension's
 * `package.json` declares. The guide asks the maintainer to declare each of these `"scope": "application"` too, so
 * that VS Code itself ignores (and greys out) such values.
 */
export const USER_ONLY_SETTINGS = ["sync.enabled", "sync.endpoint", "gamification.dataPrivacy", "leaderboard.enabled"] as const;
export type UserOnlySetting = (typeof USER_ONLY_SETTINGS)[number];

/** A value a workspace (or workspace folder) gives a user-only setting; it is ignored, and the user is told. */
export interface IgnoredWorkspaceValue {
  key: UserOnlySetting;
  value: unknown;
}

export class Settings {
  constructor(private readonly vscode: KitVscode) {}

  private config() {
    return this.vscode.workspace.getConfiguration("breathMaster");
  }

  read(): KitSettings {
    const config = this.config();
    // The user's value, else the declared default, else the extension's default: never a workspace's.
    const users = <T>(key: UserOnlySetting, fallback: T): T => {
      const layers = config.inspect<T>(key);
      return layers?.globalValue ?? layers?.defaultValue ?? fallback;
    };
    return {
      syncEnabled: users<boolean>("sync.enabled", false),
      privacy: users<string>("gamification.dataPrivacy", "local-only"),
      endpoint: users<string>("sync.endpoint", "https://api.breathmaster.app"),
      frequency: config.get<string>("sync.syncFrequency", "onchange"),
      leaderboard: users<boolean>("leaderboard.enabled", false),
      rankInStatusBar: config.get<boolean>("leaderboard.showInStatusBar", false),
    };
  }

  /**
   * The user-only settings a workspace (or a workspace folder, which wins) sets to something other than the value
   * in effect: those `read()` ignores. (A workspace value equal to the user's changes nothing, so it is not listed.)
   */
  workspaceValues(): IgnoredWorkspaceValue[] {
    const config = this.config();
    const found: IgnoredWorkspaceValue[] = [];
    for (const key of USER_ONLY_SETTINGS) {
      const layers = config.inspect<unknown>(key);
      const value = layers?.workspaceFolderValue ?? layers?.workspaceValue;
      if (value !== undefined && value !== (layers?.globalValue ?? layers?.defaultValue)) found.push({ key, value });
    }
    return found;
  }

  /** Writes a user setting (Global, as the extension's own adapter does). */
  async update(key: "sync.enabled" | "gamification.dataPrivacy", value: unknown): Promise<void> {
    await this.config().update(key, value, this.vscode.ConfigurationTarget.Global);
  }
}
