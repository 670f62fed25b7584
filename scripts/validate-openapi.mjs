// Validates an OpenAPI document file against the official OpenAPI 3.1 schema; prints {valid, errors} as JSON.
// (The validator is an ES module; the jest suite runs this as a child process.)
import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";

const validator = new Validator();
const result = await validator.validate(JSON.parse(readFileSync(process.argv[2], "utf8")));
process.stdout.write(JSON.stringify({ valid: result.valid, version: validator.version, errors: result.errors ?? null }));
