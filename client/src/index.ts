export { SyncClient, isRetryable, type SyncClientOptions } from "./client";
export { dayFromExtensionDate, localDay } from "./dates";
export * from "./types";
