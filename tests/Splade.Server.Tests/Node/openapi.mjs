// Validates the OpenAPI document a running `splade serve` publishes with an independent validator (@apidevtools/swagger-parser:
// the OpenAPI 3 schema, then every $ref resolved), and prints its operations, one "METHOD /path" a line, for the caller to
// compare with the routes the server really maps. Usage: node openapi.mjs http://127.0.0.1:PORT
import SwaggerParser from "@apidevtools/swagger-parser";

const url = process.argv[2];
if (!url) {
  console.error("usage: node openapi.mjs SERVER_URL");
  process.exit(2);
}
const response = await fetch(new URL("/openapi/v1.json", url), { headers: process.env.SPLADE_API_KEY ? { "api-key": process.env.SPLADE_API_KEY } : {} });
if (!response.ok) {
  console.error(`GET /openapi/v1.json answered ${response.status}`);
  process.exit(1);
}
const document = await response.json();
try {
  // validate() checks the document against the OpenAPI schema and resolves every reference; it throws on the first problem.
  const api = await SwaggerParser.validate(structuredClone(document));
  const methods = ["get", "put", "post", "delete", "patch", "head", "options"];
  let operations = 0;
  for (const [path, item] of Object.entries(api.paths ?? {})) {
    for (const method of methods) {
      if (item[method]) {
        console.log(`operation ${method.toUpperCase()} ${path}`);
        operations++;
      }
    }
  }
  console.log(`valid OpenAPI ${api.openapi}: ${operations} operations`);
} catch (error) {
  console.error(`invalid OpenAPI document: ${error.message}`);
  process.exit(1);
}
