// NovaTech merchant console: live stock on the dashboard (server-sent events). Every page works without this file.
(() => {
  "use strict";

  const live = document.querySelector("[data-live-stock]");
  if (live && "EventSource" in window) {
    const body = live.querySelector("tbody");
    const status = live.querySelector("[data-live-status]");
    const source = new EventSource(live.dataset.liveStock);
    source.addEventListener("stock", (event) => {
      const rows = JSON.parse(event.data);
      body.replaceChildren();
      if (rows.length === 0) {
        const tr = body.insertRow();
        const td = tr.insertCell();
        td.colSpan = 3;
        td.textContent = "No SKU is low on stock.";
      }
      for (const row of rows) {
        const tr = body.insertRow();
        tr.dataset.sku = row.sku;
        const th = document.createElement("th");
        th.scope = "row";
        const link = document.createElement("a");
        link.href = "/merchant/inventory/" + encodeURIComponent(row.sku);
        link.textContent = row.sku;
        th.append(link);
        tr.append(th);
        const available = tr.insertCell();
        available.dataset.available = "";
        available.textContent = String(row.available);
        const onHand = tr.insertCell();
        onHand.dataset.onHand = "";
        onHand.textContent = String(row.onHand);
      }
      status.textContent = "Live: updated " + new Date().toLocaleTimeString("en-GB") + ".";
    });
    source.addEventListener("error", () => {
      status.textContent = "Live updates paused; reload the page for the latest figures.";
    });
  }

  // Import progress: the page reloads itself while the job runs (the page also has a refresh link).
  const running = document.querySelector("[data-refresh-while='running']");
  if (running) {
    setTimeout(() => window.location.reload(), 1500);
  }
})();
