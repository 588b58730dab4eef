// Loads the sample agency registry and the Tiền Giang 2022 plan through the API, once the app answers and only when the
// store has no plan yet, then prints where to look. Used by scripts/run-local.sh; Node 20+ (global fetch).
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";

const [baseUrl, adminKey] = process.argv.slice(2);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const samples = path.join(root, "samples", "tien-giang");
const planId = "tg-kstthc-2022";
const say = (line) => process.stderr.write(`[samples] ${line}\n`);

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

async function call(method, route, body, contentType) {
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: { "X-Api-Key": adminKey, ...(contentType ? { "Content-Type": contentType } : {}) },
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
  const plans = await call("GET", "/api/plans");
  if (plans.length > 0) {
    say(`the store already has ${plans.length} plan(s); samples not loaded again`);
  } else {
    const registry = await call("POST", "/api/agencies/import", await readFile(path.join(samples, "agencies.json")), "application/json");
    say(`agency registry loaded: ${registry.agencies} agencies`);
    const plan = await call("POST", `/api/plans/import?planId=${planId}`, await readFile(path.join(samples, "ke-hoach-kstthc-2022.txt")), "text/plain; charset=utf-8");
    say(`plan ${plan.planId} loaded: ${plan.taskCount} tasks, ${plan.assignmentCount} assignments, ${plan.warnings.length} warnings`);
  }
  say("try:");
  say(`  curl -s -H "X-Api-Key: ${adminKey}" "${baseUrl}/api/plans/${planId}/assignments?agencyId=so-tu-phap"`);
  say(`  curl -s -H "X-Api-Key: ${adminKey}" "${baseUrl}/api/plans/${planId}/tasks?section=I"`);
  say(`  API description: ${baseUrl}/api/openapi/v1.json`);
} catch (error) {
  say(`loading samples failed: ${error.message}`);
  process.exit(1);
}
