/**
 * The OpenAPI `paths`, named `components.schemas` and error `components.responses` of a route table, from the
 * declarations alone: the same schemas validate requests and check replies, and each route's error statuses are
 * the ones derived from its declaration (`errorStatusesOf`), so the document cannot list one the route cannot give
 * or miss one it can.
 */
import { z } from "zod";
import type { CallerKind } from "./identity";
import { errorBodySchema, errorStatusesOf, type ResponseSpec, type Route } from "./route";

const header = (description: string, type: "string" | "integer" = "string") => ({ description, schema: { type } });
/** What every reply carries: the per-IP limit counts every request (http/rate-limit.ts), and app.ts's default cache policy. */
const EVERY_REPLY = {
  "RateLimit-Limit": header("The limit of the rule closest to its limit", "integer"),
  "RateLimit-Remaining": header("Requests left in that rule's window", "integer"),
  "RateLimit-Reset": header("Seconds until that window ends", "integer"),
  "Cache-Control": header("`no-store` unless the route says otherwise"),
};
const headersOf = (declared: Readonly<Record<string, string>> = {}) => ({
  ...EVERY_REPLY,
  ...Object.fromEntries(Object.entries(declared).map(([name, description]) => [name, header(description)])),
});

const jsonSchema = (s: z.ZodType, io: "input" | "output" = "input") =>
  z.toJSONSchema(s, { target: "draft-2020-12", io, unrepresentable: "any" }) as Record<string, unknown>;

const SECURITY: Record<CallerKind, Array<Record<string, string[]>>> = {
  anyone: [],
  user: [{ userId: [] }],
  "user-if-sent": [{}, { userId: [] }],
  "sync-user": [{ userId: [] }, {}],
  admin: [{ adminKey: [] }],
  "api-key-if-configured": [{}, { challengesKey: [] }],
};

type ObjectDoc = { properties?: Record<string, Record<string, unknown>>; required?: string[] };

/**
 * A parameter arrives as text; one the schema turns into a number (`limit`) is documented as the number it
 * becomes (type, bounds, default), which is what a client writes out: the pattern on the text only says "digits".
 */
function asSent(text: Record<string, unknown>, parsed: Record<string, unknown> | undefined): Record<string, unknown> {
  if (text.type !== "string" || (parsed?.type !== "integer" && parsed?.type !== "number")) return text;
  return Object.fromEntries(Object.entries({ ...text, ...parsed }).filter(([key]) => key !== "pattern"));
}

function parameters(s: z.ZodType | undefined, where: "path" | "query") {
  if (!s) return [];
  const doc = jsonSchema(s) as ObjectDoc;
  const parsed = jsonSchema(s, "output") as ObjectDoc;
  return Object.entries(doc.properties ?? {}).map(([name, schema]) => ({
    name,
    in: where,
    required: where === "path" || (doc.required ?? []).includes(name),
    schema: asSent(schema, parsed.properties?.[name]),
  }));
}

function responsesOf(r: Route, schemas: Record<string, unknown>): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(r.responses as Record<string, ResponseSpec>)) {
    const headers = headersOf(spec.headers);
    if (!spec.schema) {
      responses[status] = { description: spec.description, headers };
      continue;
    }
    if (spec.name) schemas[spec.name] = jsonSchema(spec.schema);
    const schema = spec.name ? { $ref: `#/components/schemas/${spec.name}` } : jsonSchema(spec.schema);
    responses[status] = { description: spec.description, headers, content: { "application/json": { schema } } };
  }
  for (const status of errorStatusesOf(r)) responses[String(status)] = { $ref: `#/components/responses/Error${status}` };
  return responses;
}

function operationOf(r: Route, schemas: Record<string, unknown>): Record<string, unknown> {
  // Responses' schemas are named first, then the body's: the order of components.schemas (and of the wire types).
  const responses = responsesOf(r, schemas);
  if (r.body && r.bodyName) schemas[r.bodyName] = jsonSchema(r.body);
  const params = [...parameters(r.params, "path"), ...parameters(r.query, "query")];
  return {
    summary: r.summary,
    ...(r.description ? { description: r.description } : {}),
    ...(SECURITY[r.caller].length ? { security: SECURITY[r.caller] } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(r.body
      ? { requestBody: { required: true, description: r.bodyDescription, content: { "application/json": { schema: jsonSchema(r.body) } } } }
      : {}),
    responses,
  };
}

/** The `paths` and named `components.schemas` of the OpenAPI document, from the table alone. */
export function openApiFromRoutes(routes: readonly Route[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, unknown> = { Error: jsonSchema(errorBodySchema) };
  const errorStatuses = new Set<number>();
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z]+)/g, "{$1}");
    errorStatusesOf(r).forEach((status) => errorStatuses.add(status));
    paths[path] ??= {};
    paths[path][r.method] = operationOf(r, schemas);
  }
  const errorResponses = Object.fromEntries(
    [...errorStatuses]
      .sort((a, b) => a - b)
      .map((status) => [
        `Error${status}`,
        {
          description: `Error (${status})`,
          headers: status === 429 ? { ...EVERY_REPLY, "Retry-After": header("Seconds until the limit that was exceeded resets", "integer") } : EVERY_REPLY,
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
      ]),
  );
  return { paths, schemas, responses: errorResponses };
}
