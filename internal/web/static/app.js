// Starts the NHS.UK frontend's components (the header's "More" menu, error
// summary focus, character counts). Every page works without this.
import { initAll } from "./nhsuk-frontend.min.js";

initAll();
