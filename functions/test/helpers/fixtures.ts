import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * The realistic extension export: ../shared/fixtures (the source of truth, beside every CI checkout) when it is
 * there, else the copy committed in functions/test/fixtures, so a clone on its own also passes.
 */
export function extensionExport(): { exportDate: string; breathMaster: Record<string, any> } {
  const shared = path.resolve(__dirname, "../../../../shared/fixtures/extension-export.json");
  const file = existsSync(shared) ? shared : path.resolve(__dirname, "../fixtures/extension-export.json");
  return JSON.parse(readFileSync(file, "utf8"));
}
