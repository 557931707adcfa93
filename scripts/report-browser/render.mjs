// Renders a report page in headless Chromium, fails on any script error, and writes a full-page
// screenshot. The browser: $CHROMIUM (an installed one, e.g. Debian's /usr/bin/chromium), else the
// npm package @sparticuz/chromium, for machines without a Chromium install.
//   node render.mjs <report.html> <screenshot.png> [height]   (height: only the top of the page, in px)
import puppeteer from "puppeteer-core";

const [page, screenshot, height] = process.argv.slice(2);
const installed = process.env.CHROMIUM;
const bundled = installed ? null : (await import("@sparticuz/chromium")).default;
const browser = await puppeteer.launch({
  // uPlot formats numbers with the browser's locale
  args: installed ? ["--no-sandbox", "--disable-gpu", "--lang=en-US"] : [...bundled.args, "--lang=en-US"],
  executablePath: installed || await bundled.executablePath(),
  headless: true,
  defaultViewport: { width: 1100, height: 900 },
});
const errors = [];
try {
  const tab = await browser.newPage();
  tab.on("pageerror", error => errors.push(String(error)));
  tab.on("console", message => { if (message.type() === "error") errors.push(message.text()); });
  await tab.goto("file://" + page, { waitUntil: "load" });
  await tab.waitForFunction(() => document.querySelectorAll(".uplot").length > 0, { timeout: 5000 }).catch(() => {});
  const charts = await tab.evaluate(() => document.querySelectorAll(".uplot").length);
  if (charts === 0) errors.push("no chart was drawn");
  await tab.screenshot(height ? { path: screenshot, clip: { x: 0, y: 0, width: 1100, height: +height } }
    : { path: screenshot, fullPage: true });
  console.log(errors.length ? "" : "  " + charts + " charts drawn");
} finally {
  await browser.close();
}
if (errors.length) {
  console.error(errors.join("\n"));
  process.exit(1);
}
