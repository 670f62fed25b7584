/**
 * GET /api/v1/openapi.json: the OpenAPI 3.1 description of the whole API, assembled from the route table — every
 * path, parameter, request body, response schema and error list comes from the routes' own declarations, the
 * same schemas that validate requests and (in tests) check responses. Nothing here is written per route.
 */
import { openApiFromRoutes, type Route } from "../http/route-table";

export function buildOpenApi(version: string, routes: readonly Route[]): Record<string, unknown> {
  const { paths, schemas, responses } = openApiFromRoutes(routes);
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
      schemas,
      responses,
    },
    paths,
  };
}
