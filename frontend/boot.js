// Loads Plenary's browser part (wasm) and brings each island the server
// rendered to life. A file of its own: the hub's Content-Security-Policy
// allows no inline script.
import init, * as plenary from "./plenary.js";

await init({ module_or_path: new URL("./plenary_bg.wasm", import.meta.url) });
plenary.hydrate();
for (const island of document.querySelectorAll("leptos-island")) {
  const start = plenary[island.dataset.component];
  if (start) {
    start(island);
  } else {
    console.error(`this build has no island ${island.dataset.component}`);
  }
}
// Marks the page as live: its controls now act (tests and styles can tell).
document.documentElement.dataset.hydrated = "true";
performance.mark("plenary-hydrated");
