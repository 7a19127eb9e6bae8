// sopgen situs: the start page's search, filters and sorting over the table of SOPs.
// Plain JavaScript and a prebuilt index (indeks.js), so it works from a disk; without
// JavaScript the whole table stays as it is.
"use strict";
(function () {
  const form = document.getElementById("cari-sop");
  const table = document.getElementById("daftar-sop");
  const index = window.SOPGEN_INDEKS;
  if (!form || !table || !index) return;
  const query = document.getElementById("cari");
  const unit = document.getElementById("saring-unit");
  const state = document.getElementById("saring-keadaan");
  const order = document.getElementById("urut");
  const count = document.getElementById("jumlah");
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const position = new Map(rows.map((row, n) => [row, n]));
  // as sopgen.publish.site.fold: lower case, accents dropped
  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const cell = (row, n) => row.cells[n].textContent.trim();
  const collator = new Intl.Collator("id", { numeric: true, sensitivity: "base" });
  const keys = {
    unit: (a, b) => position.get(a) - position.get(b),
    nomor: (a, b) => collator.compare(cell(a, 0), cell(b, 0)),
    nama: (a, b) => collator.compare(cell(a, 1), cell(b, 1)),
    efektif: (a, b) => b.dataset.efektif.localeCompare(a.dataset.efektif) || keys.unit(a, b),
  };

  function apply() {
    const words = fold(query.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const row of rows) {
      const text = index[row.dataset.sop] || "";
      const match = words.every((word) => text.includes(word))
        && (!unit.value || row.dataset.unit === unit.value)
        && (!state.value || row.dataset.keadaan.split(" ").includes(state.value));
      row.hidden = !match;
      if (match) shown += 1;
    }
    for (const row of rows.slice().sort(keys[order.value] || keys.unit)) body.appendChild(row);
    count.textContent = shown === rows.length ? rows.length + " SOP"
      : shown + " dari " + rows.length + " SOP ditemukan";
    const params = new URLSearchParams();
    for (const field of [query, unit, state, order]) {
      if (field.value && !(field === order && field.value === "unit")) params.set(field.name, field.value);
    }
    try {
      const search = params.toString();
      history.replaceState(null, "", search ? "?" + search : location.pathname);
    } catch (error) { /* a browser that keeps file: addresses as they are */ }
  }

  const given = new URLSearchParams(location.search);  // a shared link: index.html?q=...
  for (const field of [query, unit, state, order]) {
    const value = given.get(field.name);
    if (value !== null && (field.tagName !== "SELECT" || [...field.options].some((o) => o.value === value))) {
      field.value = value;
    }
  }
  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => { event.preventDefault(); apply(); });
  apply();
})();
