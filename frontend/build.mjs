// Builds the front end: GOV.UK Frontend's Sass with OpenPCC's settings (no GOV.UK
// typeface, no crown), plus its JavaScript and axe-core for the browser tests.
import { mkdirSync, copyFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "openpcc", "static", "build");
mkdirSync(out, { recursive: true });

const result = sass.compile(join(root, "frontend", "scss", "openpcc.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "color-functions", "slash-div"],
});
writeFileSync(join(out, "openpcc.css"), result.css);
copyFileSync(
  join(root, "node_modules", "govuk-frontend", "dist", "govuk", "govuk-frontend.min.js"),
  join(out, "govuk-frontend.min.js"),
);
console.log(`front end built in ${out}`);
