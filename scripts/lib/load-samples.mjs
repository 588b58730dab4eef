// Once the app answers, loads the demo plan tg-kstthc-demo through the API when the store holds the 2022 sample plan
// (loaded with its synthetic year by samples/TthcServerless.Samples just before) and no demo yet, then prints where to
// look. Used by scripts/run-local.sh; Node 20+ (global fetch). The demo is the same plan re-dated to the current year,
// with progress reported by a few agencies today and three PAKN cases walked through their stages, so the dashboard,
// this period's provisional report and today's reminders have live deadlines.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";

const [baseUrl, adminKey] = process.argv.slice(2);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const samples = path.join(root, "samples", "tien-giang");
const planId = "tg-kstthc-2022";
const demoPlanId = "tg-kstthc-demo";
const say = (line) => process.stderr.write(`[samples] ${line}\n`);

// Vietnam's calendar day (UTC+7, no daylight saving) and the Decree 09 month in progress (15th → 14th of the next).
const vietnamToday = () => new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
function monthInProgress(day) {
  let [y, m, d] = day.split("-").map(Number);
  if (d >= 15) { m += 1; if (m === 13) { m = 1; y += 1; } }
  return `${y}-${String(m).padStart(2, "0")}`;
}

async function waitForHealth() {
  for (let attempt = 0; attempt < 240; attempt++) {
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.status === 200) return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

async function call(method, route, body, contentType, key = adminKey) {
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: { ...(key ? { "X-Api-Key": key } : {}), ...(contentType ? { "Content-Type": contentType } : {}) },
    body,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} → ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

try {
  if (!(await waitForHealth())) {
    say("the app did not become healthy within 2 minutes; samples not loaded");
    process.exit(1);
  }
  const plans = (await call("GET", "/api/plans")).map((p) => p.planId);
  if (!plans.includes(planId) || plans.includes(demoPlanId)) {
    say(`the store has ${plans.length} plan(s); the demo plan is not loaded again`);
  } else {
    await loadDemo();
  }
  say(`dashboard: ${baseUrl}/api/dashboard (enter the admin key above)`);
  say("try:");
  say(`  curl -s -H "X-Api-Key: ${adminKey}" "${baseUrl}/api/plans/${planId}/assignments?agencyId=so-tu-phap"`);
  say(`  curl -s -H "X-Api-Key: ${adminKey}" "${baseUrl}/api/plans/${planId}/tasks?section=I"`);
  say(`  API description: ${baseUrl}/api/openapi/v1.json`);
} catch (error) {
  say(`loading samples failed: ${error.message}`);
  process.exit(1);
}

// The demo plan: the sample re-dated to this year, with progress reported today and PAKN cases in every stage.
async function loadDemo() {
  const today = vietnamToday();
  const year = Number(today.slice(0, 4));
  const text = (await readFile(path.join(samples, "ke-hoach-kstthc-2022.txt"), "utf8"))
    .replaceAll("2022", String(year)).replaceAll("2021", String(year - 1));
  // The title says what it is: the office must never mistake the demo for a real plan.
  const title = `KẾ HOẠCH DEMO NĂM ${year} (dữ liệu mẫu, không có thật: kế hoạch KSTTHC 2022 của tỉnh Tiền Giang dời sang năm ${year})`;
  const plan = await call("POST", `/api/plans/import?planId=${demoPlanId}&year=${year}&title=${encodeURIComponent(title)}`, text, "text/plain; charset=utf-8");
  const assignments = await call("GET", `/api/plans/${demoPlanId}/assignments`);
  const dated = assignments.filter((a) => a.dueDate && a.dueDate < today).sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  const recurring = assignments.filter((a) => !a.dueDate).slice(0, 8);
  const keys = new Map();
  const keyOf = async (agencyId) => {
    if (!keys.has(agencyId)) keys.set(agencyId, (await call("POST", `/api/agencies/${agencyId}/keys`, JSON.stringify({ label: "Dữ liệu mẫu" }), "application/json")).key);
    return keys.get(agencyId);
  };
  const period = monthInProgress(today);
  let reported = 0;
  // The earliest-due assignment stays unreported (overdue); the others alternate completed on their due day / in progress.
  for (const [i, a] of [...dated.slice(1).entries(), ...recurring.map((r) => [1, r])]) {
    const body = i % 2 === 0
      ? { status: "completed", completedOn: a.dueDate, outputDocument: { number: `${100 + reported}/KH-UBND`, date: a.dueDate }, period }
      : { status: "in-progress", progressPercent: 50, difficulties: "Thiếu nhân lực chuyên trách.", proposals: "Đề nghị tập huấn nghiệp vụ.", period };
    await call("POST", `/api/plans/${demoPlanId}/tasks/${encodeURIComponent(a.taskId)}/updates`, JSON.stringify(body), "application/json", await keyOf(a.agencyId));
    reported++;
  }
  let cases = 0;
  for (const stage of ["answered", "assigned", "received"]) {
    const submitted = await call("POST", "/api/feedback", JSON.stringify({
      kind: "phan-anh", subject: "Thủ tục đăng ký khai sinh", content: "Bị yêu cầu nộp thêm giấy tờ không có trong quy định.",
      submitter: { name: "Người dân mẫu", phone: "0900000000" },
    }), "application/json", null);
    const code = submitted.trackingCode;
    for (let attempt = 0; attempt < 60; attempt++) {
      const tracked = await fetch(`${baseUrl}/api/feedback/track/${code}`);
      if (tracked.ok) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await call("POST", `/api/feedback/${code}/receive`);
    if (stage !== "received") {
      await call("POST", `/api/feedback/${code}/classify`, JSON.stringify({ inScope: true, topic: "regulation" }), "application/json");
      await call("POST", `/api/feedback/${code}/assign`, JSON.stringify({ agencyId: "so-tu-phap" }), "application/json");
    }
    if (stage === "answered") {
      const key = await keyOf("so-tu-phap");
      await call("POST", `/api/feedback/${code}/start-handling`, undefined, undefined, key);
      await call("POST", `/api/feedback/${code}/answer`, JSON.stringify({ text: "Đã hướng dẫn UBND xã không yêu cầu bản sao.", documentReference: "45/STP-HCTP" }), "application/json", key);
    }
    cases++;
  }
  say(`demo plan ${plan.planId} (${year}) loaded: ${reported} progress reports from ${keys.size} agencies, ${cases} PAKN cases`);
}
