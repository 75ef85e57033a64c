// Copies the built NHS.UK frontend from node_modules into the web package's
// embedded static folder. The copies are build output and are not committed.
//
// The frontend's stylesheet loads the Frutiger typeface from assets.nhs.uk.
// That typeface is licensed to NHS.UK and is not in the npm package, and
// Vigil's Content Security Policy allows fonts from its own origin only, so
// the @font-face rules are left out: text uses the next font in the NHS.UK
// stack (Arial), with no blocked requests and no console errors.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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

const css = readFileSync(join(dist, "nhsuk-frontend.min.css"), "utf8");
const fontFaces = /@font-face\{[^}]*\}/g;
if (!fontFaces.test(css)) {
  console.error("nhsuk-frontend.min.css has no @font-face rules any more: check the fonts it loads and update this script");
  process.exit(1);
}
writeFileSync(join(out, "nhsuk-frontend.min.css"), css.replace(fontFaces, ""));
cpSync(join(dist, "nhsuk-frontend.min.js"), join(out, "nhsuk-frontend.min.js"));
cpSync(join(dist, "assets", "images"), join(out, "images"), { recursive: true });
console.log("copied the NHS.UK frontend into internal/web/static");
