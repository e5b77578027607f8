// NovaTech storefront: small progressive enhancements. Every page works without this file.
(() => {
  "use strict";

  // Filters and sort submit as soon as they change (the forms also have a submit button).
  document.querySelectorAll("form[data-autosubmit]").forEach((form) => {
    form.addEventListener("change", () => form.requestSubmit ? form.requestSubmit() : form.submit());
  });

  // Filters start open on wide screens (on phones the results come first).
  if (window.matchMedia("(min-width: 960px)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach((details) => { details.open = true; });
  }

  // Variant picker: price, stock and SKU follow the chosen option, and the address names it.
  const picker = document.querySelector("fieldset.variants");
  if (picker) {
    const price = document.getElementById("variant-price");
    const stock = document.getElementById("variant-stock");
    const sku = document.getElementById("variant-sku");
    picker.addEventListener("change", (event) => {
      const input = event.target;
      if (!(input instanceof HTMLInputElement) || input.name !== "sku") return;
      price.textContent = input.dataset.price;
      stock.textContent = input.dataset.stock;
      stock.className = "stock " + (input.dataset.inStock === "true" ? "in" : "out");
      sku.textContent = input.value;
      const url = new URL(window.location.href);
      url.searchParams.set("sku", input.value);
      history.replaceState(null, "", url);
    });
  }

  // An order waiting for its payment webhook reloads itself a few times.
  const pending = document.querySelector("[data-refresh-while='pending']");
  if (pending) {
    const tries = Number(sessionStorage.getItem("nt-refresh") || "0");
    if (tries < 20) {
      sessionStorage.setItem("nt-refresh", String(tries + 1));
      setTimeout(() => window.location.reload(), 1500);
    }
  } else {
    sessionStorage.removeItem("nt-refresh");
  }

  // Type-ahead: a combobox over /api/v1/search/suggest (WAI-ARIA combobox with a listbox popup).
  const input = document.querySelector("input[data-suggest]");
  if (!input) return;
  const list = document.getElementById(input.getAttribute("aria-controls"));
  let timer = 0;
  let active = -1;
  let controller = null;

  const close = () => {
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };

  const highlight = (index) => {
    const options = list.querySelectorAll("[role=option]");
    options.forEach((option, i) => option.setAttribute("aria-selected", i === index ? "true" : "false"));
    active = index;
    if (index >= 0) input.setAttribute("aria-activedescendant", options[index].id);
    else input.removeAttribute("aria-activedescendant");
  };

  const show = (suggestions) => {
    list.replaceChildren();
    suggestions.forEach((s, i) => {
      const li = document.createElement("li");
      li.id = "suggestion-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      const a = document.createElement("a");
      a.href = s.kind === "brand" ? "/search?brand=" + encodeURIComponent(s.slug) : "/p/" + encodeURIComponent(s.slug);
      a.tabIndex = -1;
      a.textContent = s.text;
      if (s.kind === "brand") {
        const kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = " — brand";
        a.append(kind);
      }
      li.append(a);
      list.append(li);
    });
    list.hidden = suggestions.length === 0;
    input.setAttribute("aria-expanded", suggestions.length ? "true" : "false");
    active = -1;
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) { close(); return; }
    timer = setTimeout(async () => {
      controller?.abort();
      controller = new AbortController();
      try {
        const response = await fetch(input.dataset.suggest + "?limit=8&q=" + encodeURIComponent(q), { signal: controller.signal, headers: { Accept: "application/json" } });
        if (response.ok) show((await response.json()).suggestions || []);
      } catch { /* typing on; the form still works */ }
    }, 150);
  });

  input.addEventListener("keydown", (event) => {
    const options = list.querySelectorAll("[role=option]");
    if (event.key === "ArrowDown" && options.length) { event.preventDefault(); highlight((active + 1) % options.length); }
    else if (event.key === "ArrowUp" && options.length) { event.preventDefault(); highlight((active - 1 + options.length) % options.length); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) { event.preventDefault(); options[active].querySelector("a").click(); }
  });

  input.addEventListener("blur", () => setTimeout(close, 200));
})();
