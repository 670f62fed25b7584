/** The route table's mechanism: one declaration gives the Express route, validation, the reply check and docs. */
import express from "express";
import request from "supertest";
import { z } from "zod";
import { errorHandler } from "../../src/errors";
import { AppError } from "../../src/errors";
import { errorStatusesOf, mismatch, mountRoutes, openApiFromRoutes, route, type Route } from "../../src/http/route-table";

const pass: express.RequestHandler = (_req, _res, next) => next();
/** The users' side of identification, in memory: keys computed and documents read are counted. */
const RETIRED = "3b0e6b4e-1d7a-4c1e-9a57-6b1f8f0c2d9e";
const users = {
  keysComputed: 0,
  reads: 0,
  keyOf(userId: string) {
    users.keysComputed += 1;
    return `key-of-${userId.slice(0, 8)}`;
  },
  readLive(userKey: string) {
    users.reads += 1;
    if (userKey === `key-of-${RETIRED.slice(0, 8)}`) return Promise.reject(new AppError("gone", "retired"));
    return Promise.resolve(userKey.endsWith("0") ? undefined : { anonymousId: "Calm Fox" });
  },
};
const greeting = z.object({ hello: z.string(), times: z.number().int() });

function appWith(routes: Route[], onResponseMismatch: (problem: string) => void) {
  const app = express();
  app.use(express.json());
  const router = express.Router();
  mountRoutes(router, routes, {
    keys: { adminApiKey: "admin-key-for-this-test", challengesApiKey: "" },
    perIp: pass,
    jsonBody: pass,
    appCheck: pass,
    limits: { "syncs-per-user": pass, "account-per-user": pass, "claims-per-ip": pass, "admin-per-ip": pass },
    users,
    onResponseMismatch,
  });
  app.use(router);
  app.use(errorHandler(() => undefined));
  return app;
}

const greet = (body: unknown) =>
  route({
    method: "get",
    path: "/greet/:name",
    summary: "Greets",
    caller: "anyone",
    params: z.object({ name: z.string().min(2) }),
    query: z.object({ times: z.string().regex(/^\d$/).transform(Number).default(1) }),
    responses: { 200: { description: "A greeting", schema: greeting, name: "Greeting" } },
    datastore: false,
    handle: ({ params, query }) => ({ body: body ?? { hello: params.name, times: query.times } }),
  });

test("a reply that matches its declaration passes; the inputs arrive validated", async () => {
  const problems: string[] = [];
  const res = await request(appWith([greet(undefined)], (p) => problems.push(p))).get("/greet/eon?times=3").expect(200);
  expect(res.body).toEqual({ hello: "eon", times: 3 });
  expect(problems).toEqual([]);
});

test("a deliberately wrong reply is caught (and in the test apps, fails the request and the run)", async () => {
  const problems: string[] = [];
  const wrong = greet({ hello: 42 });
  await request(appWith([wrong], (p) => problems.push(p))).get("/greet/eon").expect(200);
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatch(/^GET \/greet\/:name → 200: hello .*; times/);
  const failing = appWith([wrong], (p) => {
    throw new Error(p);
  });
  await request(failing).get("/greet/eon").expect(500);
  expect(mismatch(wrong, 201, {})).toMatch(/status not declared/);
});

test("bad input is a 400 with details, before the handler runs", async () => {
  let ran = false;
  const r = greet(undefined);
  const app = appWith([{ ...r, handle: (input: Parameters<typeof r.handle>[0]) => ((ran = true), r.handle(input)) }], () => undefined);
  const res = await request(app).get("/greet/e?times=x").expect(400);
  expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["name", "times"]);
  expect(ran).toBe(false);
});

test("the caller is declared: an admin route refuses a wrong key with 401", async () => {
  const admin = route({ ...greet(undefined), caller: "admin", path: "/admin/greet/:name" });
  const app = appWith([admin], () => undefined);
  await request(app).get("/admin/greet/eon").set("X-Admin-Key", "nope").expect(401);
  await request(app).get("/admin/greet/eon").set("X-Admin-Key", "admin-key-for-this-test").expect(200);
});

test("the OpenAPI paths come from the declaration alone", () => {
  const { paths, schemas } = openApiFromRoutes([greet(undefined)]);
  const op = paths["/greet/{name}"].get as Record<string, any>;
  expect(op.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(["path:name", "query:times"]);
  expect(op.responses["200"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Greeting" });
  expect(op.responses["400"]).toEqual({ $ref: "#/components/responses/Error400" });
  expect(Object.keys(schemas)).toEqual(["Error", "Greeting"]);
});

describe("error statuses are derived from the declaration", () => {
  const base = { summary: "s", responses: { 200: { description: "ok" } }, handle: () => ({}) } as const;

  test("per-IP limit, caller kind, body parser, validation, datastore and the handler's own", () => {
    expect(errorStatusesOf(route({ ...base, method: "get", path: "/h", caller: "anyone", appCheck: false, datastore: false }))).toEqual([429]);
    expect(errorStatusesOf(route({ ...base, method: "get", path: "/h", caller: "anyone", appCheck: false }))).toEqual([429, 503]);
    // App Check (enforce mode) answers 401 on client routes even for anyone.
    expect(errorStatusesOf(route({ ...base, method: "get", path: "/a", caller: "anyone", datastore: false }))).toEqual([401, 429]);
    // A POST reads a body whether or not it declares one; a user route that uses the datastore can meet a retired id.
    expect(errorStatusesOf(route({ ...base, method: "post", path: "/p", caller: "user" }))).toEqual([400, 401, 410, 413, 415, 429, 503]);
    expect(errorStatusesOf(route({ ...base, method: "post", path: "/j", caller: "admin", errors: [404] }))).toEqual([400, 401, 404, 413, 415, 429, 503]);
    expect(errorStatusesOf(route({ ...base, method: "get", path: "/q", caller: "api-key-if-configured", query: z.object({}) }))).toEqual([
      400, 401, 429, 503,
    ]);
    // A live caller kind reads the user's document (410, 503) whatever `datastore` says.
    expect(errorStatusesOf(route({ ...base, method: "delete", path: "/s", caller: "sync-user", datastore: false }))).toEqual([400, 401, 410, 429, 503]);
    expect(errorStatusesOf(route({ ...base, method: "get", path: "/u", caller: "user", datastore: false }))).toEqual([401, 410, 429, 503]);
  });

  test("the OpenAPI document lists exactly the derived statuses", () => {
    const r = route({ ...base, method: "post", path: "/j", caller: "admin", errors: [404] });
    const { paths, responses } = openApiFromRoutes([r]);
    const listed = Object.keys((paths["/j"].post as { responses: object }).responses).filter((s) => s !== "200");
    expect(listed.map(Number)).toEqual(errorStatusesOf(r));
    expect(Object.keys(responses)).toEqual(errorStatusesOf(r).map((s) => `Error${s}`));
  });

  test("an error reply with a status its declaration does not imply, or not in the error shape, is caught", async () => {
    const throwing = (error: Error) =>
      route({ ...base, method: "get", path: "/t", caller: "anyone", datastore: false, handle: () => Promise.reject(error) });
    const problems: string[] = [];
    await request(appWith([throwing(new AppError("not_found", "none"))], (p) => problems.push(p))).get("/t").expect(404);
    expect(problems).toEqual(["GET /t → 404: error status not derived from the declaration"]);
    problems.length = 0;
    await request(appWith([throwing(new AppError("unauthorized", "no"))], (p) => problems.push(p))).get("/t").expect(401);
    expect(problems).toEqual([]);
    expect(mismatch(throwing(new Error("unused")), 401, { error: { code: "nope", message: "x" } })).toMatch(/^GET \/t → 401: error\.code /);
  });
});

describe("the declared caller kind types the handler's caller", () => {
  test("a user route's handler has a userId, an anyone route's has none", () => {
    const base = { summary: "s", responses: { 200: { description: "ok" } } } as const;
    const seen: string[] = [];
    route({ ...base, method: "get", path: "/u", caller: "user", handle: ({ caller }) => (seen.push(caller.userId.toUpperCase()), {}) });
    route({ ...base, method: "get", path: "/m", caller: "user-if-sent", handle: ({ caller }) => (seen.push(caller.userId ?? "none"), {}) });
    route({
      ...base,
      method: "get",
      path: "/a",
      caller: "anyone",
      // @ts-expect-error — an anyone route's caller has no userId to read (checked by `npm run lint`'s tsc step)
      handle: ({ caller }) => (seen.push(caller.userId.toUpperCase()), {}),
    });
    expect(seen).toEqual([]);
  });
});

describe("a live caller kind: the route table computes the user key once and refuses a retired id before the handler", () => {
  const seen: Array<{ userKey: string; stored: unknown }> = [];
  const me = route({
    method: "get",
    path: "/me",
    summary: "s",
    caller: "user",
    responses: { 200: { description: "ok" } },
    handle: ({ caller }) => (seen.push({ userKey: caller.userKey, stored: caller.stored }), {}),
  });
  const app = appWith([me], (p) => {
    throw new Error(p);
  });
  const bearer = (id: string) => ({ Authorization: `Bearer ${id}` });

  test("a live id: one key, one read, and the handler gets both", async () => {
    users.keysComputed = users.reads = 0;
    await request(app).get("/me").set(bearer("7c9e6679-7425-40de-944b-e07fc1f90ae7")).expect(200);
    expect({ keys: users.keysComputed, reads: users.reads }).toEqual({ keys: 1, reads: 1 });
    expect(seen.pop()).toEqual({ userKey: "key-of-7c9e6679", stored: { anonymousId: "Calm Fox" } });
  });

  test("a retired id gets 410 and the handler never runs", async () => {
    const res = await request(app).get("/me").set(bearer(RETIRED)).expect(410);
    expect(res.body.error.code).toBe("gone");
    expect(seen).toEqual([]);
  });
});
