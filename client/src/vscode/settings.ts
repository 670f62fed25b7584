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

export class Settings {
  constructor(private readonly vscode: KitVscode) {}

  read(): KitSettings {
    const config = this.vscode.workspace.getConfiguration("breathMaster");
    return {
      syncEnabled: config.get<boolean>("sync.enabled", false),
      privacy: config.get<string>("gamification.dataPrivacy", "local-only"),
      endpoint: config.get<string>("sync.endpoint", "https://api.breathmaster.app"),
      frequency: config.get<string>("sync.syncFrequency", "onchange"),
      leaderboard: config.get<boolean>("leaderboard.enabled", false),
      rankInStatusBar: config.get<boolean>("leaderboard.showInStatusBar", false),
    };
  }

  /** Writes a user setting (Global, as the extension's own adapter does). */
  async update(key: "sync.enabled" | "gamification.dataPrivacy", value: unknown): Promise<void> {
    await this.vscode.workspace.getConfiguration("breathMaster").update(key, value, this.vscode.ConfigurationTarget.Global);
  }
}
