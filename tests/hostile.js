// Values a careless or hostile page can pass that Rust cannot build: throwing getters, Proxies,
// cycles, `__proto__` keys, BigInt, symbols and very deep nesting.

/** @returns {Record<string, unknown>} an upload response whose public_id getter throws */
export function throwingGetter() {
  return {
    get public_id() {
      throw new Error("getter says no");
    },
    delete_token: "t",
  };
}

/** @returns {object} a Proxy every trap of which throws */
export function throwingProxy() {
  const no = () => {
    throw new Error("trap says no");
  };
  return new Proxy(
    {},
    { get: no, has: no, ownKeys: no, getOwnPropertyDescriptor: no, getPrototypeOf: no },
  );
}

/** @returns {object} a revoked Proxy: even Array.isArray throws on it */
export function revokedProxy() {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** @returns {Record<string, unknown>} an object that contains itself, through info too */
export function cyclic() {
  /** @type {Record<string, unknown>} */
  const o = { public_id: "cyc", delete_token: "t-cyc" };
  o.self = o;
  o.info = o;
  return o;
}

/** @returns {Record<string, unknown>} an own `__proto__` key, as JSON.parse makes it */
export function protoKey() {
  return JSON.parse('{"__proto__":{"public_id":"polluted","delete_token":"p"},"cloudName":"demo"}');
}

/** @param {number} depth @returns {Record<string, unknown>} `{info:{info:…}}`, `depth` deep */
export function deep(depth) {
  /** @type {Record<string, unknown>} */
  let o = {};
  for (let i = 0; i < depth; i++) o = { info: o, event: "success" };
  return o;
}

/** @returns {bigint} */
export function bigint() {
  return 10n ** 30n;
}

/** @returns {symbol} */
export function symbol() {
  return Symbol("s");
}

/** @param {string} key @param {unknown} value @returns {Record<string, unknown>} `{ [key]: value }` */
export function withKey(key, value) {
  return { [key]: value };
}

/** @returns {Record<string, unknown>} a valid response with a throwing getter on a field the client never reads */
export function undeclaredThrowingGetter() {
  return {
    public_id: "declared-only",
    delete_token: "t-declared-only",
    get eager() {
      throw new Error("an undeclared field was read");
    },
  };
}

/**
 * Client options whose `storage` getter counts its reads (in the non-enumerable `reads`).
 * @returns {Record<string, unknown>}
 */
export function countedOptions() {
  let reads = 0;
  const options = {
    cloudName: "demo",
    get storage() {
      reads += 1;
      return "memory";
    },
  };
  Object.defineProperty(options, "reads", { enumerable: false, get: () => reads });
  return options;
}
