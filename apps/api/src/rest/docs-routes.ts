import { createRequire } from "node:module";
import { dirname } from "node:path";
import express, { type Router } from "express";

/** Where the swagger-ui-dist package's files are: served as they are, no CDN needed. */
function swaggerUiDirectory(): string {
  return dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
}

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Ping Pilot API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`;

// A file of its own, not an inline script: the Content-Security-Policy allows same-origin scripts only.
const init = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });\n`;

/** `/docs`: Swagger UI on /openapi.json, every file served from this host. */
export function docsRoutes(): Router {
  const router = express.Router();
  router.get("/", (_req, res) => {
    res.type("html").set("cache-control", "no-cache").send(page);
  });
  router.get("/init.js", (_req, res) => {
    res.type("application/javascript").set("cache-control", "no-cache").send(init);
  });
  router.use("/assets", express.static(swaggerUiDirectory(), { index: false, maxAge: "1d" }));
  return router;
}
