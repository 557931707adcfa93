// Headless Chromium for the scripts of this folder. Which one: find-browser.sh, the rule the shell
// scripts use too ($CHROMIUM, else an installed Chromium, else the npm package @sparticuz/chromium).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";

/** The installed browser's absolute path, or null for the npm one; exits 2 with the rule's one line. */
export function installedBrowser() {
  try {
    const found = execFileSync(fileURLToPath(new URL("./find-browser.sh", import.meta.url)), {
      encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
    return found || null;
  } catch (error) {
    console.error(String(error.stderr || error.message).trim());
    process.exit(2);
  }
}

export async function launch(width, height) {
  const installed = installedBrowser();
  const bundled = installed ? null : (await import("@sparticuz/chromium")).default;
  return puppeteer.launch({
    // uPlot formats numbers with the browser's locale
    args: installed ? ["--no-sandbox", "--disable-gpu", "--lang=en-US"] : [...bundled.args, "--lang=en-US"],
    executablePath: installed || await bundled.executablePath(),
    headless: true,
    defaultViewport: { width, height },
  });
}
