/**
 * GET /api/v1/openapi.json: the OpenAPI 3.1 description of the whole API, generated from the same zod schemas
 * that validate requests (request bodies and query parameters), so the document cannot drift from the code.
 * Response shapes are zod schemas here too. Built on first request and kept.
 */
import { z } from "zod";
import { CHALLENGE_TYPES } from "../challenges/challenges.logic";
import { curatedSetSchema, dailyQuerySchema } from "../challenges/challenges.schema";
import { PERIODS } from "../domain/periods";
import { leaderboardQuerySchema } from "../leaderboard/leaderboard.schema";
import { claimSchema } from "../pairing/pairing.schema";
import { syncRequestSchema } from "../sync/sync.schema";

const errorSchema = z.object({
  error: z.object({
    code: z.enum(["invalid_request", "unauthorized", "forbidden", "not_found", "gone", "payload_too_large", "rate_limited", "unavailable", "internal"]),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

const mergedMeditation = z.object({
  totalXP: z.number().int(),
  totalMeditationTime: z.number().int(),
  challengesCompleted: z.number().int(),
  currentStreak: z.number().int(),
  longestStreak: z.number().int(),
  todaySessionTime: z.number().int(),
  lastMeditationDate: z.string().describe("the extension's toDateString() form, or empty"),
});

const syncResponse = z.object({
  synced: z.literal(true),
  serverData: z.object({
    lastSync: z.string(),
    data: z.object({
      meditation: mergedMeditation,
      onboarding: z.object({ hasSeenTour: z.boolean(), gamificationOptIn: z.boolean().optional() }),
    }),
    anonymousId: z.string(),
    leaderboardOptIn: z.boolean(),
  }),
});

const ranking = z.object({ rank: z.number().int(), xp: z.number().int(), anonymousId: z.string() });
const leaderboardResponse = z.object({
  period: z.enum(PERIODS),
  periodKey: z.string(),
  generatedAt: z.string(),
  rankings: z.array(ranking),
  participants: z.number().int().describe("how many opted-in users scored in the period, counted at the rebuild"),
  me: z.object({ rank: z.number().int(), xp: z.number().int() }).optional(),
});

const challenge = z.object({
  id: z.string(),
  type: z.enum(CHALLENGE_TYPES),
  target: z.number().int(),
  title: z.string(),
  description: z.string(),
  rewardXP: z.number().int(),
  eonMessage: z.string(),
  completionMessage: z.string(),
  date: z.string().describe("the day the challenge belongs to (the request's date)"),
  availableFromHour: z.number().int().min(0).max(23).describe("local hour from which it is available on its date"),
});
const challengesResponse = z.object({ date: z.string(), challenges: z.array(challenge) });

const schema = (s: z.ZodType) => z.toJSONSchema(s, { target: "draft-2020-12", io: "input", unrepresentable: "any" });
const json = (s: z.ZodType, description: string) => ({ description, content: { "application/json": { schema: schema(s) } } });
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { $ref: `#/components/responses/Error${code}` }]));

/** Query parameters from a zod object schema: one parameter per key. */
function queryParameters(s: z.ZodObject, required: string[] = []) {
  const jsonSchema = schema(s) as { properties?: Record<string, object> };
  return Object.entries(jsonSchema.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: required.includes(name),
    schema: property,
  }));
}

const bearer = [{ userId: [] }];
const adminOnly = [{ adminKey: [] }];

export function buildOpenApi(version: string): Record<string, unknown> {
  const limited = errors(429, 503);
  return {
    openapi: "3.1.0",
    info: {
      title: "Breath Master Sync API",
      version,
      description:
        "The optional, privacy-first companion of the Breath Master VS Code extension. Identity is an anonymous UUID v4 sent as a bearer secret. Every error has the shape of the Error schema. Platform behaviour (docs/security.md): under Cloud Functions a syntactically broken JSON body is refused by the platform's parser with an HTML 400 before this API runs; a wrong Content-Type is 415 with code invalid_request; request heads over 16 KiB get a bare 431 from the HTTP server.",
    },
    servers: [{ url: "/api/v1" }],
    components: {
      securitySchemes: {
        userId: { type: "http", scheme: "bearer", bearerFormat: "UUID v4", description: "Your anonymous userId." },
        adminKey: { type: "apiKey", in: "header", name: "X-Admin-Key" },
        challengesKey: { type: "apiKey", in: "header", name: "X-API-Key", description: "Only when the server is configured with one." },
      },
      schemas: { Error: schema(errorSchema) },
      responses: Object.fromEntries(
        [400, 401, 403, 404, 410, 413, 415, 429, 503].map((code) => [
          `Error${code}`,
          {
            description: `Error (${code})`,
            content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
          },
        ]),
      ),
    },
    paths: {
      "/health": {
        get: {
          summary: "Liveness and version",
          responses: { "200": json(z.object({ status: z.literal("ok"), version: z.string() }), "Up"), ...limited },
        },
      },
      "/sync": {
        post: {
          summary: "Sync progress (lossless multi-device merge)",
          description:
            "The userId may be sent as Bearer or as body.userId (if both, they must match). A device states in `device.brought` what it brings when it joins (its progress from before sync; zeros after an adopt): it counts once, at the device's first sync, whatever the order of devices. A retired (deleted) id gets 410.",
          security: [...bearer, {}],
          requestBody: { required: true, ...json(syncRequestSchema, "The extension's data, and optionally this device's counters") },
          responses: { "200": json(syncResponse, "Merged progress"), ...errors(400, 401, 403, 410, 413, 415, 429, 503) },
        },
      },
      "/leaderboard": {
        get: {
          summary: "Anonymous period leaderboard",
          parameters: queryParameters(leaderboardQuerySchema, ["period"]),
          security: [{}, ...bearer],
          responses: { "200": json(leaderboardResponse, "Top scores; `me` with a bearer of an opted-in user"), ...errors(400, 401, 410, 429, 503) },
        },
      },
      "/challenges/daily": {
        get: {
          summary: "The day's challenges from Eon",
          parameters: queryParameters(dailyQuerySchema),
          security: [{}, { challengesKey: [] }],
          responses: { "200": json(challengesResponse, "The same set for everyone on that date"), ...errors(400, 401, 429, 503) },
        },
      },
      "/admin/challenges/{date}": {
        parameters: [{ name: "date", in: "path", required: true, schema: { type: "string", format: "date" } }],
        put: {
          summary: "Curate a day's challenges",
          security: adminOnly,
          requestBody: { required: true, ...json(curatedSetSchema, "1–6 hand-written challenges, no type twice") },
          responses: { "200": json(challengesResponse, "The stored set"), ...errors(400, 401, 429, 503) },
        },
        delete: {
          summary: "Return a day to its generated challenges",
          security: adminOnly,
          responses: { "200": json(challengesResponse, "The generated set"), ...errors(400, 401, 429, 503) },
        },
      },
      "/admin/jobs/{job}": {
        parameters: [{ name: "job", in: "path", required: true, schema: { type: "string", enum: ["leaderboards", "challenges", "retention"] } }],
        post: {
          summary: "Run a scheduled job now",
          security: adminOnly,
          responses: {
            "200": json(z.object({ job: z.string(), ranAt: z.string(), summary: z.record(z.string(), z.unknown()) }), "What the job did"),
            ...errors(401, 404, 429, 503),
          },
        },
      },
      "/pairing": {
        post: {
          summary: "Create a one-time code for pairing a second device",
          security: bearer,
          responses: {
            "201": json(z.object({ code: z.string(), expiresAt: z.string() }), "A BM-XXXX-XXXX code, valid 10 minutes, single use"),
            ...errors(401, 410, 429, 503),
          },
        },
      },
      "/pairing/claim": {
        post: {
          summary: "Trade a pairing code for the userId it was made for",
          requestBody: { required: true, ...json(claimSchema, "The code") },
          responses: { "200": json(z.object({ userId: z.string() }), "The userId to use from now on"), ...errors(400, 404, 429, 503) },
        },
      },
      "/me/export": {
        get: {
          summary: "Everything the server holds about you",
          security: bearer,
          responses: { "200": json(z.record(z.string(), z.unknown()), "Your data"), ...errors(401, 404, 410, 429, 503) },
        },
      },
      "/me": {
        delete: {
          summary: "Delete everything the server holds about you and retire the id",
          security: bearer,
          responses: {
            "204": { description: "Deleted (also when there was nothing); every later request with this id gets 410" },
            ...errors(401, 410, 429, 503),
          },
        },
      },
      "/openapi.json": {
        get: { summary: "This document", responses: { "200": { description: "OpenAPI 3.1", content: { "application/json": {} } } } },
      },
    },
  };
}
