// Starts GOV.UK Frontend's components (kept out of the page so the Content-Security-Policy
// needs no inline script but the one that marks the page as having JavaScript).
import { initAll } from "../build/govuk-frontend.min.js";

initAll();
