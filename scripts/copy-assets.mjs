// Copies the built NHS.UK frontend from node_modules into the web package's
// embedded static folder. The copies are build output and are not committed.
import { cpSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "node_modules", "nhsuk-frontend", "dist", "nhsuk");
const out = join(root, "internal", "web", "static");

if (!existsSync(dist)) {
  console.error("nhsuk-frontend is not installed: run npm ci first");
  process.exit(1);
}
mkdirSync(out, { recursive: true });
for (const file of ["nhsuk-frontend.min.css", "nhsuk-frontend.min.js"]) {
  cpSync(join(dist, file), join(out, file));
}
cpSync(join(dist, "assets", "images"), join(out, "images"), { recursive: true });
console.log("copied the NHS.UK frontend into internal/web/static");
