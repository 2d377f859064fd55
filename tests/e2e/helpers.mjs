// What every browser test file needs: read the terminal back, wait for it, assert.

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The terminal's lines, read from xterm's buffer. */
export async function screen(page) {
  return page.evaluate(() => window.__kubelab.screenText().join("\n"));
}

/** Poll the terminal until `re` matches; returns the match. */
export async function waitScreen(page, re, { timeout = 15000, what = String(re) } = {}) {
  const end = Date.now() + timeout;
  let text = "";
  while (Date.now() < end) {
    text = await screen(page);
    const m = re.exec(text);
    if (m) return m;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}; terminal shows:\n${text.split("\n").slice(-15).join("\n")}`);
}

export async function waitSession(page) {
  await page.waitForFunction(() => window.__kubelab.sessionReady, null, { timeout: 30000 });
}

export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
