export * from "./breath-master-sync";
export * from "./breath-master-sync-vscode";
