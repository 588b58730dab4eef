// The dashboard page: reads its filters from the URL, asks /api/dashboard/data (the same report model as the
// workbook) and draws cards, charts and the overdue list. The key lives in sessionStorage only: closing the browser
// forgets it. document.body.dataset.state tells tests and people where the page is: loading, key, ready, empty, error.
"use strict";

(() => {
  const keyName = "tthc.dashboard.apiKey";
  const $ = (id) => document.getElementById(id);
  const charts = {};
  let lastData = null;

  const numberFormat = new Intl.NumberFormat("vi-VN");
  const percentFormat = new Intl.NumberFormat("vi-VN", { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });

  const formatValue = (value, format) => {
    if (value === null || value === undefined) return "—";
    return format === "rate" ? percentFormat.format(value) : numberFormat.format(value);
  };

  const formatDate = (iso) => {
    if (!iso) return "—";
    const [y, m, d] = iso.slice(0, 10).split("-");
    return `${d}/${m}/${y}`;
  };

  const setState = (state) => { document.body.dataset.state = state; };

  const escapeText = (text) => {
    const span = document.createElement("span");
    span.textContent = text ?? "";
    return span.innerHTML;
  };

  function readFilters() {
    const query = new URLSearchParams(window.location.search);
    return {
      planId: query.get("planId") ?? "",
      period: query.get("period") ?? "",
      level: query.get("level") ?? "",
      agencyId: query.get("agencyId") ?? "",
    };
  }

  function writeFilters(filters) {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(filters)) {
      if (value) query.set(name, value);
    }
    const search = query.toString();
    window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
  }

  function showStatus(message, asEmptyState) {
    const status = $("status");
    status.textContent = message ?? "";
    status.classList.toggle("empty-state", Boolean(asEmptyState));
  }

  function askForKey(message) {
    setState("key");
    $("key-error").textContent = message ?? "";
    const dialog = $("key-dialog");
    if (!dialog.open) dialog.showModal();
    $("key-input").focus();
  }

  async function load() {
    const filters = readFilters();
    setState("loading");
    showStatus("Đang tải số liệu…");
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(filters)) {
      if (value) query.set(name, value);
    }
    const key = window.sessionStorage.getItem(keyName);
    const headers = { Accept: "application/json" };
    if (key) headers["X-Api-Key"] = key;

    let response;
    try {
      response = await fetch(`/api/dashboard/data?${query}`, { headers });
    } catch {
      setState("error");
      showStatus("Không kết nối được tới máy chủ. Vui lòng thử lại sau.", true);
      return;
    }

    if (response.status === 401) {
      if (key) window.sessionStorage.removeItem(keyName);
      showStatus("");
      askForKey(key ? "Khóa không hợp lệ hoặc đã bị thu hồi." : "");
      return;
    }

    const body = await response.json().catch(() => null);
    if (!response.ok) {
      setState("error");
      const detail = body && (body.detail || body.title);
      const errors = body && body.errors ? Object.values(body.errors).flat().join(" ") : "";
      showStatus(`${detail || "Không lấy được số liệu."} ${errors}`.trim(), true);
      return;
    }

    lastData = body;
    render(body);
  }

  function fillSelect(select, options, selected, firstOption) {
    select.replaceChildren();
    if (firstOption) select.append(new Option(firstOption, ""));
    for (const option of options) select.append(new Option(option.label, option.value));
    select.value = selected ?? "";
  }

  function renderFilters(data) {
    fillSelect($("f-plan"), data.plans.map((p) => ({ value: p.id, label: p.title })), data.plan ? data.plan.id : "");
    const kind = data.period ? data.period.kind : $("f-kind").value;
    $("f-kind").value = kind;
    fillSelect($("f-period"), data.periods.filter((p) => p.kind === kind).map((p) => ({ value: p.id, label: p.label })), data.period ? data.period.id : "");
    fillSelect($("f-level"), data.levels.map((l) => ({ value: l.id, label: l.name })), data.filters.level ?? "", "Tất cả các cấp");
    const agencies = data.agencies.filter((a) => !data.filters.level || a.level === data.filters.level);
    fillSelect($("f-agency"), agencies.map((a) => ({ value: a.id, label: a.name })), data.filters.agencyId ?? "", "Tất cả cơ quan");
    $("f-agency").disabled = data.access === "agency";
  }

  function renderHeader(data) {
    $("plan-title").textContent = data.plan ? `${data.plan.title}${data.plan.decision ? ` (${data.plan.decision})` : ""}` : "Chưa có kế hoạch";
    const note = $("period-note");
    note.replaceChildren();
    if (data.period) {
      note.innerHTML = `${escapeText(data.period.label)}: số liệu từ ${formatDate(data.period.windowFrom)} đến ${formatDate(data.period.windowTo)}, tính đến ${formatDate(data.period.asOf)}`
        + (data.period.provisional ? ` — <span class="provisional">tạm tính (kỳ chưa kết thúc)</span>` : "");
    }
    const link = $("workbook-link");
    if (data.workbook && data.workbook.href) {
      link.href = data.workbook.href;
      link.hidden = false;
      link.onclick = (event) => downloadWorkbook(event, data.workbook);
    } else {
      link.hidden = true;
    }
  }

  async function downloadWorkbook(event, workbook) {
    // The workbook needs the key in a header, which a plain link cannot send.
    event.preventDefault();
    const key = window.sessionStorage.getItem(keyName);
    const response = await fetch(workbook.href, { headers: key ? { "X-Api-Key": key } : {} });
    if (!response.ok) {
      showStatus("Không tải được báo cáo Excel của kỳ này.");
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const anchor = document.createElement("a");
    anchor.href = url;
    anchor.download = workbook.fileName || "bao-cao.xlsx";
    anchor.click();
    URL.revokeObjectURL(url);
  }

  function renderCards(data) {
    const cards = $("kpi-cards");
    cards.replaceChildren();
    for (const kpi of data.kpis) {
      const card = document.createElement("div");
      card.className = `card ${kpi.group}`;
      card.dataset.kpi = kpi.key;
      let change = "";
      let direction = "";
      if (kpi.change !== null && kpi.change !== undefined) {
        const better = kpi.higherIsBetter ? kpi.change > 0 : kpi.change < 0;
        direction = kpi.change === 0 ? "" : better ? "up" : "down";
        const sign = kpi.change > 0 ? "+" : "";
        change = kpi.format === "rate"
          ? `${sign}${numberFormat.format(Math.round(kpi.change * 1000) / 10)} điểm % so với kỳ trước`
          : `${sign}${numberFormat.format(kpi.change)} so với kỳ trước`;
      } else {
        change = "Chưa có kỳ trước để so sánh";
      }
      card.innerHTML = `<div class="label">${escapeText(kpi.label)}</div>`
        + `<div class="value">${escapeText(formatValue(kpi.value, kpi.format))}</div>`
        + `<div class="change ${direction}">${escapeText(change)}</div>`;
      cards.append(card);
    }
  }

  function chart(id) {
    const element = $(id);
    if (!charts[id] || charts[id].isDisposed()) {
      element.replaceChildren();
      charts[id] = window.echarts.init(element, null, { renderer: "svg" });
    }
    return charts[id];
  }

  function emptyChart(id, message) {
    if (charts[id]) {
      charts[id].dispose();
      delete charts[id];
    }
    $(id).innerHTML = `<div class="chart-empty">${escapeText(message)}</div>`;
  }

  const percentAxis = { type: "value", min: 0, max: 1, axisLabel: { formatter: (v) => `${Math.round(v * 100)}%` } };
  const percentTooltip = (v) => formatValue(v, "rate");

  function renderSections(data) {
    const rows = data.bySection.filter((s) => s.assigned > 0);
    if (rows.length === 0) return emptyChart("chart-sections", "Không có nhiệm vụ nào trong phạm vi lọc.");
    chart("chart-sections").setOption({
      grid: { left: 40, right: 12, top: 12, bottom: 30 },
      tooltip: { trigger: "axis", valueFormatter: percentTooltip },
      xAxis: { type: "category", data: rows.map((s) => s.section) },
      yAxis: percentAxis,
      series: [{ type: "bar", barMaxWidth: 48, name: "Đúng hạn", data: rows.map((s) => s.onTimeRate), itemStyle: { color: "#a31d24" } }],
    }, true);
  }

  function renderRanking(data) {
    const worstFirst = $("worst-first").checked;
    const rows = [...data.ranking];
    if (worstFirst) rows.reverse();
    const shown = rows.slice(0, 15);
    if (shown.length === 0) return emptyChart("chart-ranking", "Chưa có cơ quan nào được giao nhiệm vụ.");
    chart("chart-ranking").setOption({
      grid: { left: 160, right: 40, top: 8, bottom: 20 },
      tooltip: { trigger: "axis", valueFormatter: percentTooltip },
      xAxis: percentAxis,
      yAxis: { type: "category", inverse: true, data: shown.map((r) => r.agencyName), axisLabel: { width: 150, overflow: "truncate" } },
      series: [{ type: "bar", name: "Đúng hạn", data: shown.map((r) => r.onTimeRate), itemStyle: { color: "#1f7a4d" },
        label: { show: true, position: "right", formatter: (p) => formatValue(p.value, "rate") } }],
    }, true);
  }

  function renderTrend(data) {
    if (data.trend.length === 0) return emptyChart("chart-trend", "Chưa có kỳ nào để so sánh.");
    chart("chart-trend").setOption({
      grid: { left: 44, right: 44, top: 30, bottom: 30 },
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      xAxis: { type: "category", data: data.trend.map((t) => t.label) },
      yAxis: [percentAxis, { type: "value", minInterval: 1 }],
      series: [
        { type: "line", name: "Tỷ lệ đúng hạn", data: data.trend.map((t) => t.onTimeRate), tooltip: { valueFormatter: percentTooltip }, itemStyle: { color: "#a31d24" } },
        { type: "bar", barMaxWidth: 48, name: "Quá hạn", yAxisIndex: 1, data: data.trend.map((t) => t.overdue), itemStyle: { color: "#e0a33b" } },
      ],
    }, true);
  }

  function renderPaknStages(data) {
    const stages = data.paknByStage.filter((s) => s.count > 0);
    if (stages.length === 0) return emptyChart("chart-pakn-stage", "Chưa có phản ánh, kiến nghị trong kỳ.");
    chart("chart-pakn-stage").setOption({
      tooltip: { trigger: "item" },
      series: [{ type: "funnel", sort: "none", left: 10, right: 10, top: 10, bottom: 10, minSize: "15%",
        label: { position: "inside", color: "#fff", formatter: (p) => `${p.name}: ${numberFormat.format(p.value)}` },
        data: stages.map((s) => ({ name: s.label, value: s.count })) }],
    }, true);
  }

  function renderPaknAgencies(data) {
    const rows = data.paknByAgency.filter((r) => r.onTimeRate !== null).slice(0, 15);
    if (rows.length === 0) return emptyChart("chart-pakn-agency", "Chưa có phản ánh, kiến nghị nào được trả lời trong kỳ.");
    chart("chart-pakn-agency").setOption({
      grid: { left: 160, right: 40, top: 8, bottom: 20 },
      tooltip: { trigger: "axis", valueFormatter: percentTooltip },
      xAxis: percentAxis,
      yAxis: { type: "category", inverse: true, data: rows.map((r) => r.agencyName), axisLabel: { width: 150, overflow: "truncate" } },
      series: [{ type: "bar", barMaxWidth: 28, data: rows.map((r) => r.onTimeRate), itemStyle: { color: "#3b6fb6" } }],
    }, true);
  }

  function renderOverdue(data) {
    const box = $("overdue");
    if (data.overdue === null) {
      box.innerHTML = "<p>Danh sách nhiệm vụ chỉ hiển thị khi có khóa truy cập.</p>";
      return;
    }
    if (data.overdue.length === 0) {
      box.innerHTML = "<p>Không có nhiệm vụ quá hạn trong phạm vi lọc.</p>";
      return;
    }
    const rows = data.overdue.map((o) => `<tr>`
      + `<td><a href="${escapeText(o.href)}" data-task="${escapeText(o.taskId)}">${escapeText(o.taskId)}</a></td>`
      + `<td>${escapeText(o.content)}</td><td>${escapeText(o.agencyName)}</td>`
      + `<td class="num">${formatDate(o.dueDate)}</td><td class="num">${numberFormat.format(o.daysOverdue)}</td></tr>`).join("");
    box.innerHTML = `<table><thead><tr><th>Nhiệm vụ</th><th>Nội dung</th><th>Cơ quan chủ trì</th><th>Hạn</th><th>Số ngày quá hạn</th></tr></thead><tbody>${rows}</tbody></table>`;
    for (const link of box.querySelectorAll("a[data-task]")) {
      link.addEventListener("click", (event) => openTask(event, link.href));
    }
  }

  async function openTask(event, href) {
    // The task resource needs the key in a header: fetch it and show it rather than navigate without the key.
    event.preventDefault();
    const key = window.sessionStorage.getItem(keyName);
    const response = await fetch(href, { headers: key ? { "X-Api-Key": key } : {} });
    const text = await response.text();
    const view = window.open("", "_blank");
    if (view) {
      view.document.title = href;
      const pre = view.document.createElement("pre");
      try { pre.textContent = JSON.stringify(JSON.parse(text), null, 2); } catch { pre.textContent = text; }
      view.document.body.append(pre);
    }
  }

  function render(data) {
    renderFilters(data);
    renderHeader(data);
    const content = $("content");
    if (data.empty) {
      setState("empty");
      content.hidden = true;
      showStatus(data.empty.message, true);
      return;
    }
    content.hidden = false;
    showStatus(data.access === "public" ? "Đang xem số liệu tổng hợp công khai. Nhập khóa để xem danh sách chi tiết." : "");
    renderCards(data);
    renderSections(data);
    renderRanking(data);
    renderTrend(data);
    renderPaknStages(data);
    renderPaknAgencies(data);
    renderOverdue(data);
    setState("ready");
  }

  function onFilterChange(event) {
    const filters = readFilters();
    const target = event.target;
    if (target.id === "f-plan") {
      filters.planId = target.value;
      filters.period = "";
    } else if (target.id === "f-kind") {
      const ofKind = lastData ? lastData.periods.filter((p) => p.kind === target.value) : [];
      filters.period = ofKind.length ? ofKind[ofKind.length - 1].id : "";
    } else if (target.id === "f-period") {
      filters.period = target.value;
    } else if (target.id === "f-level") {
      filters.level = target.value;
      filters.agencyId = "";
    } else if (target.id === "f-agency") {
      filters.agencyId = target.value;
    }
    writeFilters(filters);
    load();
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("filters").addEventListener("change", onFilterChange);
    $("worst-first").addEventListener("change", () => lastData && renderRanking(lastData));
    $("change-key").addEventListener("click", () => askForKey(""));
    $("key-form").addEventListener("submit", () => {
      const key = $("key-input").value.trim();
      if (!key) return;
      window.sessionStorage.setItem(keyName, key);
      $("key-input").value = "";
      load();
    });
    window.addEventListener("resize", () => Object.values(charts).forEach((c) => c.resize()));
    window.addEventListener("beforeprint", () => Object.values(charts).forEach((c) => c.resize()));
    load();
  });
})();
