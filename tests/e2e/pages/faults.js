// Test-only: page code that fails in each way the journeys' error collector (errors.js) must
// catch, for the journey that proves the collector works. Loaded by that journey, never by a page.
console.error("faults.js: console.error");
Promise.reject(new Error("faults.js: unhandled rejection"));
setTimeout(() => { throw new Error("faults.js: uncaught error"); });
