/** The route table's mechanism: one declaration gives the Express route, validation, the reply check and docs. */
import express from "express";
import request from "supertest";
import { z } from "zod";
import { errorHandler } from "../../src/errors";
import { mismatch, mountRoutes, openApiFromRoutes, route, type Route } from "../../src/http/route-table";

const pass: express.RequestHandler = (_req, _res, next) => next();
const greeting = z.object({ hello: z.string(), times: z.number().int() });

function appWith(routes: Route[], onResponseMismatch: (problem: string) => void) {
  const app = express();
  app.use(express.json());
  const router = express.Router();
  mountRoutes(router, routes, {
    keys: { adminApiKey: "admin-key-for-this-test", challengesApiKey: "" },
    appCheck: pass,
    limits: { "syncs-per-user": pass, "account-per-user": pass, "claims-per-ip": pass, "admin-per-ip": pass },
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
    errors: [400],
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
  const app = appWith([{ ...r, handle: (input) => ((ran = true), r.handle(input)) }], () => undefined);
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
