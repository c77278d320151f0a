// Loads gotrace-report outputs into real viewers in headless Chromium and checks what they show.
//
//   node check-viewers.mjs <config.json>
//
// config: { "speedscope": [{ "file": "...", "label": "...", "profiles": 2, "expect": ["Frame.Name", ...] }],
//           "html": { "file": "...", "zoom": "Frame.Name", "inside": "Child.Name", "outside": "Sibling.Name", "search": "text" } }
//
// Files are served from 127.0.0.1 by a tiny HTTP server next to speedscope's built app (from its npm
// package); no other network. Prints one line per check and exits 0 when all pass, 1 otherwise.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const config = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const speedscopeDir = path.join(here, "node_modules", "speedscope", "dist", "release");
const browserPath = process.env.GOTRACE_CHROMIUM || "/usr/bin/chromium";

const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json",
  ".wasm": "application/wasm", ".woff2": "font/woff2", ".png": "image/png", ".ico": "image/x-icon", ".txt": "text/plain" };
const served = new Map(); // url path -> file
function serve(file) {
  const name = "/files/" + served.size + "-" + path.basename(file);
  served.set(name, file);
  return name;
}
const server = http.createServer((req, res) => {
  const url = decodeURIComponent(new URL(req.url, "http://x").pathname);
  let file = served.get(url);
  if (!file && url.startsWith("/speedscope/")) {
    file = path.join(speedscopeDir, path.normalize(url.slice("/speedscope/".length)));
    if (!file.startsWith(speedscopeDir)) file = null;
  }
  if (!file || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
  fs.createReadStream(file).pipe(res);
});
await new Promise(resolve => server.listen(0, "127.0.0.1", resolve));
const origin = "http://127.0.0.1:" + server.address().port;

const browser = await chromium.launch({
  executablePath: browserPath,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"],
});

let failures = 0;
function report(ok, what, detail) {
  if (!ok) failures++;
  console.log((ok ? "ok   " : "FAIL ") + what + (detail ? ": " + detail : ""));
}

try {
  for (const item of config.speedscope || []) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = [];
    page.on("pageerror", e => errors.push(String(e)));
    page.on("dialog", d => { errors.push("dialog: " + d.message()); d.dismiss(); });
    page.on("console", m => { if (m.type() === "error") errors.push("console: " + m.text()); });
    const profileUrl = origin + serve(item.file);
    await page.goto(origin + "/speedscope/index.html#profileURL=" + encodeURIComponent(profileUrl) + "&title=" + encodeURIComponent(item.label));
    // Loaded: the view tabs appear once a profile is imported.
    try {
      await page.getByText("Sandwich").first().waitFor({ timeout: 30000 });
    } catch (e) {
      report(false, item.label + " loads in speedscope", (errors.join("; ") || "no profile view") + " | page: " + (await page.innerText("body")).slice(0, 300));
      await page.close();
      continue;
    }
    // The sandwich view lists every frame by name in a table.
    await page.getByText("Sandwich").first().click();
    await page.waitForTimeout(500);
    const text = await page.innerText("body");
    const missing = item.expect.filter(name => !text.includes(name));
    if (item.profiles > 1 && !text.includes("(1/" + item.profiles + ")")) missing.push("profile count (1/" + item.profiles + ")");
    report(missing.length === 0 && errors.length === 0, item.label + " loads in speedscope and shows its frames",
      missing.length ? "missing " + missing.join(", ") + (errors.length ? " | errors: " + errors.join("; ") : "") : errors.join("; "));
    await page.close();
  }

  if (config.html) {
    const h = config.html;
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors = [];
    page.on("pageerror", e => errors.push(String(e)));
    const outside = [];
    page.on("request", r => { if (!r.url().startsWith(origin)) outside.push(r.url()); });
    await page.goto(origin + serve(h.file));
    const frame = name => page.locator(`#flame .f[data-name="${name}"]`);
    const width = async name => (await frame(name).count()) ? (await frame(name).first().boundingBox()).width : 0;
    const flameWidth = (await page.locator("#flame").boundingBox()).width;
    const before = { zoom: await width(h.zoom), inside: await width(h.inside), outside: await width(h.outside) };
    report(before.zoom > 0 && before.inside > 0 && before.outside > 0, "html report draws the flame graph",
      JSON.stringify(before) + (errors.length ? " | errors: " + errors.join("; ") : ""));
    const topRows = await page.locator("#top tbody tr").count();
    report(topRows > 0 && (await page.innerText("#top")).includes(h.inside), "html report has the top table", topRows + " rows");
    const facts = await page.innerText("#facts");
    report(facts.includes("Events") && facts.includes("Duration"), "html report shows the trace's facts", facts.replace(/\s+/g, " ").slice(0, 120));

    await frame(h.zoom).first().click();
    const zoomed = await page.locator("#flame").getAttribute("data-zoom");
    const after = { zoom: await width(h.zoom), inside: await width(h.inside), outside: await width(h.outside) };
    report(zoomed === h.zoom && Math.abs(after.zoom - flameWidth) <= 2 && after.inside > before.inside && after.outside === 0,
      "clicking a frame zooms into it", `zoom=${zoomed} ${JSON.stringify(after)} flame=${flameWidth}`);

    await page.locator("#search").fill(h.search);
    const hits = await page.locator("#flame .f.hit").count();
    const match = await page.innerText("#match");
    report(hits > 0 && /function/.test(match), "search highlights matching frames", hits + " frames, '" + match + "'");

    await page.locator("#reset").click();
    report((await page.locator("#flame").getAttribute("data-zoom")) === "" && (await width(h.outside)) > 0, "reset zoom shows everything again");
    report(outside.length === 0 && errors.length === 0, "html report works offline without errors", outside.concat(errors).join("; "));
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}

console.log(failures === 0 ? "all viewer checks passed" : failures + " viewer check(s) failed");
process.exit(failures === 0 ? 0 : 1);
