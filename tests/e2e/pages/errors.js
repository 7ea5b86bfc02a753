// Test-only error collector for the cross-engine journeys: journeys.test.mjs's proxy inserts it
// as a classic script into every HTML page, so it runs before the page's modules in every engine
// (not every driver reports page errors, so the page keeps them in window.__errors).
window.__errors = [];
addEventListener("error", (e) => window.__errors.push(`error: ${e.message}`));
addEventListener("unhandledrejection", (e) => window.__errors.push(`unhandledrejection: ${e.reason?.message ?? e.reason}`));
{ // A block, so the saved function adds no global name a page could collide with.
  const consoleError = console.error;
  console.error = (...args) => {
    window.__errors.push(`console.error: ${args.join(" ")}`);
    consoleError.apply(console, args);
  };
}
