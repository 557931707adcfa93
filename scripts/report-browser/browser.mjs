// Headless Chromium for the scripts of this folder: $CHROMIUM (an installed one, e.g. Debian's
// /usr/bin/chromium), else the npm package @sparticuz/chromium, for machines without a Chromium install.
import puppeteer from "puppeteer-core";

export async function launch(width, height) {
  const installed = process.env.CHROMIUM;
  const bundled = installed ? null : (await import("@sparticuz/chromium")).default;
  return puppeteer.launch({
    // uPlot formats numbers with the browser's locale
    args: installed ? ["--no-sandbox", "--disable-gpu", "--lang=en-US"] : [...bundled.args, "--lang=en-US"],
    executablePath: installed || await bundled.executablePath(),
    headless: true,
    defaultViewport: { width, height },
  });
}
