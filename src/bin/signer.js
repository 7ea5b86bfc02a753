// The demo page's signer (`signDestroy`): asks the page's own server to sign a `destroy`, the
// way an app's page asks its backend. `cargo xtask demo` serves one at `/demo/sign`; the API
// secret stays there.

/**
 * A signer posting the parameters to sign, as JSON, to `url` on the page's origin.
 * @param {string} url
 * @returns {(params: Record<string, string>) => Promise<unknown>}
 */
export function serverSigner(url) {
  return async (params) => {
    const reply = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(params),
      credentials: "same-origin",
    });
    if (!reply.ok) throw new Error(`the signer answered ${reply.status}: ${await reply.text()}`);
    return reply.json();
  };
}
