// Drives the operator's console (outboxctl serve) as an operator would, for ConsoleIT (headless
// Chromium: browser.mjs).
//   node console-e2e.mjs requeue <console url> <user> <password> <parked message id> <screenshot dir>
//   node console-e2e.mjs guard <console url> <user> <password> <outbox id>
// Prints one JSON line of what it saw; exits 1 with the reason when a step fails.
import { launch } from "./browser.mjs";

const [scenario, url, user, password, id, screenshots] = process.argv.slice(2);
const browser = await launch(1280, 1000);
const seen = { scenario, dialogs: [], pageErrors: [] };
const text = (tab, selector) => tab.$eval(selector, element => element.textContent);
let tab;
try {
  tab = await browser.newPage();
  tab.on("dialog", async dialog => { seen.dialogs.push(dialog.message()); await dialog.dismiss(); });
  tab.on("pageerror", error => seen.pageErrors.push(String(error)));
  // what the page was answered, so that a step that waits in vain says why
  seen.answers = [];
  tab.on("response", async response => {
    if (!response.url().includes("/api/republish") && !response.url().includes("/api/parked/requeue")) return;
    seen.answers.push(response.status() + " " + response.request().method() + " " + new URL(response.url()).pathname
      + " " + (await response.text().catch(error => "(body unreadable: " + error + ")")).slice(0, 500));
  });
  await tab.goto(url, { waitUntil: "load" });
  await tab.waitForSelector("#sign-in:not([hidden])");
  await tab.type("#sign-in input[name=name]", user);
  await tab.type("#sign-in input[name=password]", password);
  await tab.click("#sign-in button[type=submit]");
  await tab.waitForSelector("#app:not([hidden])");
  seen.who = await text(tab, "#who");

  if (scenario === "requeue") {
    await tab.waitForFunction(() => document.querySelectorAll("#relay tbody tr").length > 0, { timeout: 20000 });
    await tab.waitForFunction(() => document.querySelectorAll("#depths .uplot").length > 0, { timeout: 20000 });
    await tab.screenshot({ path: screenshots + "/console-overview.png", clip: { x: 0, y: 0, width: 1280, height: 1000 } });
    await tab.waitForFunction(id => Array.from(document.querySelectorAll("#parked-list tbody tr"))
      .some(row => row.textContent.includes(id)), { timeout: 20000 }, id);
    seen.parkedRow = await tab.evaluate(id => Array.from(document.querySelectorAll("#parked-list tbody tr"))
      .find(row => row.textContent.includes(id)).textContent, id);
    // the message's detail: its body holds the customer's name, a script tag, which must stay text
    await tab.evaluate(id => Array.from(document.querySelectorAll("#parked-list tbody tr"))
      .find(row => row.textContent.includes(id)).click(), id);
    await tab.waitForSelector("#parked-detail:not([hidden])");
    seen.detailBody = await text(tab, "#detail-body");
    seen.scriptElementsInPage = await tab.evaluate(() => document.querySelectorAll("main script, #parked-detail script").length);
    const parked = await tab.$("#parked");
    await parked.screenshot({ path: screenshots + "/console-parked.png" });
    // a dry run first, then the requeue
    await tab.evaluate(id => Array.from(document.querySelectorAll("#parked-list tbody tr"))
      .find(row => row.textContent.includes(id)).querySelector("input[type=checkbox]").click(), id);
    await tab.click("#requeue-plan-selected");
    await tab.waitForSelector("#requeue-plan:not([hidden])");
    seen.plan = await text(tab, "#plan-summary");
    seen.planRefusal = await text(tab, "#plan-refusal");
    await tab.click("#requeue-run");
    await tab.waitForFunction(() => /: (done|partial|failed|refused);/.test(document.querySelector("#job-summary").textContent),
      { timeout: 30000 });
    seen.job = await text(tab, "#job-summary");
    // the page reloads the audit log once the job has ended; until then it shows what was there before
    await tab.waitForFunction(() => (document.querySelector("#audit-list tbody tr")?.textContent ?? "").includes("parked.requeue"),
      { timeout: 15000 }).catch(() => {});
    seen.auditFirstRow = await tab.$eval("#audit-list tbody tr", row => row.textContent);
  } else if (scenario === "guard") {
    await tab.type("#republish-form textarea[name=ids]", id);
    await tab.click("#republish-plan");
    await tab.waitForFunction(() => document.querySelector("#republish-refusal").textContent.length > 0, { timeout: 20000 });
    seen.dryRunRefusal = await text(tab, "#republish-refusal");
    seen.dryRunResult = await text(tab, "#republish-result");
    await tab.evaluate(() => { document.querySelector("#republish-refusal").textContent = ""; });
    await tab.click("#republish-run");
    await tab.waitForFunction(() => document.querySelector("#republish-refusal").textContent.length > 0, { timeout: 20000 });
    seen.runRefusal = await text(tab, "#republish-refusal");
    seen.forceOffered = await tab.$eval("#republish-force-label", label => !label.hidden);
  } else {
    throw new Error("unknown scenario " + scenario);
  }
  console.log(JSON.stringify(seen));
} catch (error) {
  const shown = tab ? await tab.evaluate(() => Object.fromEntries(["error", "republish-result", "republish-refusal", "job-summary"]
    .map(id => [id, document.getElementById(id)?.textContent ?? null]))).catch(() => null) : null;
  console.log(JSON.stringify({ ...seen, shown, failure: String(error) }));
  process.exitCode = 1;
} finally {
  await browser.close();
}
