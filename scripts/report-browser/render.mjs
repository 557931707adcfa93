// Renders a report page, fails on any script error, and writes a full-page screenshot (headless
// Chromium: browser.mjs).
//   node render.mjs <report.html> <screenshot.png> [height]   (height: only the top of the page, in px)
import { launch } from "./browser.mjs";

const [page, screenshot, height] = process.argv.slice(2);
const browser = await launch(1100, 900);
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
