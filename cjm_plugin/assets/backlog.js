/* cjm: the backlog page's table sorts and filters in the browser.

   Loaded by the backlog page only (its template puts the two script tags after the
   table; Material's instant navigation runs them again when the page is swapped in).
   Sorting is tablesort's (vendored in tablesort/, styled by Material). The filters are
   a form the template leaves hidden: without JavaScript the page is the whole table. */
(() => {
  const table = document.querySelector("table.cjm-backlog");
  if (!table || table.dataset.cjmReady) return;
  table.dataset.cjmReady = "1";
  // After instant navigation the two scripts are inserted again and load in any order.
  const sortable = () => { if (!table.dataset.cjmSorts) { table.dataset.cjmSorts = "1"; new window.Tablesort(table); } };
  const vendored = document.querySelector('script[src$="tablesort.min.js"]');
  if (window.Tablesort) sortable();
  else if (vendored) vendored.addEventListener("load", sortable, { once: true });

  const form = document.querySelector("form.cjm-filters");
  if (!form || !table.tBodies.length) return;
  const rows = Array.from(table.tBodies[0].rows);
  const selects = Array.from(form.querySelectorAll("select[data-column]"));
  const cell = (row, column) => (row.cells[column] ? row.cells[column].textContent.trim() : "");
  for (const select of selects) {
    const column = Number(select.dataset.column);
    const values = [...new Set(rows.map((row) => cell(row, column)).filter(Boolean))];
    values.sort((a, b) => a.localeCompare(b));
    // Options the page lists already (progress, in its own order) are kept as they are.
    const listed = new Set(Array.from(select.options).map((option) => option.value));
    for (const value of values) if (!listed.has(value)) select.add(new Option(value, value));
  }
  const count = form.querySelector(".cjm-filters__count");
  const apply = () => {
    let shown = 0;
    for (const row of rows) {
      const keep = selects.every((s) => !s.value || cell(row, Number(s.dataset.column)) === s.value);
      row.hidden = !keep;
      if (keep) shown += 1;
    }
    if (count) {
      count.textContent = count.dataset.template
        .replace("{shown}", String(shown)).replace("{total}", String(rows.length));
    }
  };
  form.addEventListener("change", apply);
  form.addEventListener("reset", () => setTimeout(apply));
  form.addEventListener("submit", (event) => event.preventDefault());
  form.hidden = false;
  apply();
})();
