import { readFileSync } from "node:fs";
import path from "node:path";

/** The realistic extension export shipped in ../shared/fixtures (the whole envelope). */
export function extensionExport(): { exportDate: string; breathMaster: Record<string, any> } {
  const file = path.resolve(__dirname, "../../../../shared/fixtures/extension-export.json");
  return JSON.parse(readFileSync(file, "utf8"));
}
