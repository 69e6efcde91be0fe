/* cjm: the backlog page finds, filters, sorts and pages over every entry.

   The page holds its first rows only (what a reader without JavaScript sees). Once the
   page has loaded, this script fetches every entry (backlog/entries.json, made by
   core/backlog_data.py) and from then on draws the table itself: the rows the filters
   and the sort give, one page (PAGE rows) at a time, so the page stays light however
   large the handbook is. The filters, the sort and the page are kept in the address
   (?find=…&owner=…&sort=priority&page=2; not q=, which opens Material's search), and an entry's anchor (#cjm-item-<map>-pain-point-3)
   lands on it once the data is in. Printing prints every row the filters show (up to
   PRINT_MOST). Loaded by the backlog page only; Material's instant navigation runs it
   again when the page is swapped in. Everything is written with DOM calls (textContent,
   setAttribute): no entry's text becomes markup. */
(() => {
  const table = document.querySelector("table.cjm-backlog");
  const form = document.querySelector("form.cjm-filters");
  const setupHolder = document.getElementById("cjm-backlog-setup");
  if (!table || !form || !setupHolder || table.dataset.cjmReady) return;
  table.dataset.cjmReady = "1";

  const setup = JSON.parse(setupHolder.dataset.setup);
  // The data's address is relative to this script's (after instant navigation the page's
  // address may still be the previous page's while the script runs).
  const dataUrl = new URL(setup.data, (document.currentScript && document.currentScript.src) || location.href);
  const words = setup.labels;
  const PAGE = 100;
  const PRINT_MOST = 2000;
  /** Select lists longer than this keep their most used values (the words box finds the rest). */
  const MOST_OPTIONS = 300;
  const STATUS_ORDER = ["idea", "planned", "in-progress", "done", "dropped"];
  const LANES = ["pain_points", "opportunities"];
  const KIND_WORDS = ["pain-point", "opportunity"];
  const FILTERS = ["find", "kind", "map", "stage", "owner", "status", "priority", "impact", "effort", "basis"];

  const tbody = table.tBodies[0];
  const headers = Array.from(table.tHead.rows[0].cells);
  const columns = headers.map((th) => ({ key: th.dataset.key, label: th.textContent.trim(), th }));
  const pager = document.querySelector("nav.cjm-pager");
  const where = pager && pager.querySelector(".cjm-pager__where");
  const count = form.querySelector(".cjm-filters__count");
  const firstNote = document.querySelector(".cjm-backlog__first");
  const printNote = document.querySelector(".cjm-backlog__print-cap");
  const mapList = document.getElementById("cjm-backlog-maps");
  const field = (name) => form.elements.namedItem(name);
  const collator = new Intl.Collator(document.documentElement.lang || undefined,
    { numeric: true, sensitivity: "base" });
  const fold = (text) => String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);
  /** The label with its {fields} filled in, numbers as the page's language writes them. */
  const fill = (template, values) => template.replace(/\{(\w+)\}/g, (all, name) => {
    if (!(name in values)) return all;
    return typeof values[name] === "number" ? numbers.format(values[name]) : String(values[name]);
  });

  let entries = null; // every entry, in the page's order (pain points first, map by map)
  let shown = []; // the entries the filters keep, in the chosen order
  let page = 0;
  let sort = { key: "", descending: false };
  let printing = false;

  // ---- the data --------------------------------------------------------------------
  const mapHref = (id) => {
    const [before, after, encode] = setup.map_href;
    return before + (encode ? encodeURIComponent(id) : id) + after;
  };

  /** The file's rows as entries, in the page's order, each with its anchor. */
  const entriesOf = (data) => {
    const at = Object.fromEntries(data.fields.map((name, i) => [name, i]));
    const out = [];
    for (const lane of [0, 1]) {
      for (const [id, title, names, rows] of data.maps) {
        const value = (row, name) => {
          const v = row.length > at[name] ? row[at[name]] : "";
          return name === "stage" || name === "step" || name === "owner" ? (v === "" ? "" : names[v]) : v;
        };
        const href = mapHref(id);
        let number = 0;
        for (const row of rows) {
          if (row[at.lane] !== lane) continue;
          number += 1;
          const entry = {
            lane, id, title, href, index: out.length,
            anchor: `cjm-item-${id}-${KIND_WORDS[lane]}-${number}`,
            text: value(row, "text"), stage: value(row, "stage"), step: value(row, "step"),
            owner: value(row, "owner"), status: value(row, "status"),
            priority: value(row, "priority"), rank: value(row, "rank"),
            impact: value(row, "impact"), effort: value(row, "effort"),
            basis: value(row, "basis"), source: value(row, "source"), link: value(row, "link"),
          };
          out.push(entry);
        }
      }
    }
    return out;
  };

  // ---- the filters -----------------------------------------------------------------
  const addOptions = (select, values, label) => {
    if (!select) return;
    const listed = new Set(Array.from(select.options).map((o) => o.value));
    for (const v of values) {
      if (!listed.has(v)) select.add(new Option(label ? label(v) : v, v));
    }
  };

  /** The values of a field, most used first when there are too many, then in order. */
  const valuesOf = (name, order) => {
    const counts = new Map();
    for (const e of entries) if (e[name] !== "") counts.set(e[name], (counts.get(e[name]) || 0) + 1);
    let values = Array.from(counts.keys());
    if (values.length > MOST_OPTIONS) {
      values.sort((a, b) => counts.get(b) - counts.get(a));
      values = values.slice(0, MOST_OPTIONS);
    }
    return values.sort(order || ((a, b) => collator.compare(String(a), String(b))));
  };

  const priorityLabel = (p) => (typeof p === "string" && words.priority[p]) || String(p);
  const fillOptions = () => {
    addOptions(field("stage"), valuesOf("stage"));
    addOptions(field("owner"), valuesOf("owner"));
    const ranks = new Map(entries.map((e) => [String(e.priority), e.rank]));
    addOptions(field("priority"), valuesOf("priority", (a, b) => ranks.get(String(a)) - ranks.get(String(b)))
      .map(String), (p) => priorityLabel(p));
    addOptions(field("status"), valuesOf("status", (a, b) => STATUS_ORDER.indexOf(a) - STATUS_ORDER.indexOf(b)),
      (s) => words.status[s] || s);
  };

  const chosen = () => {
    const out = {};
    for (const name of FILTERS) {
      const f = field(name);
      if (f && f.value.trim()) out[name] = f.value.trim();
    }
    return out;
  };

  /** An entry's words, folded for the words box (made on the first search, not at load). */
  const wordsOf = (e) => {
    if (e.words === undefined) e.words = fold([e.text, e.title, e.stage, e.step, e.owner].join(" "));
    return e.words;
  };

  /** Whether the entry passes every chosen filter. */
  const keeps = (want) => {
    const terms = want.find ? fold(want.find).split(/\s+/).filter(Boolean) : [];
    let maps = null; // the map ids the map box picks: its title, else every title holding it
    if (want.map) {
      const typed = fold(want.map);
      const titles = new Map();
      for (const e of entries) if (!titles.has(e.id)) titles.set(e.id, fold(e.title));
      const exact = [...titles].filter(([, t]) => t === typed);
      maps = new Set((exact.length ? exact : [...titles].filter(([, t]) => t.includes(typed))).map(([id]) => id));
    }
    const fields = ["stage", "owner", "status", "priority", "impact", "effort", "basis"].filter((name) => want[name]);
    return (e) => (!want.kind || LANES[e.lane] === want.kind)
      && (!maps || maps.has(e.id))
      && fields.every((name) => String(e[name]) === want[name])
      && (!terms.length || terms.every((term) => wordsOf(e).includes(term)));
  };

  // ---- the order -------------------------------------------------------------------
  const missingLast = (get) => (a, b) => {
    const x = get(a);
    const y = get(b);
    if (x === y) return 0;
    if (x === "" || x === -1) return 1;
    if (y === "" || y === -1) return -1;
    return x < y ? -1 : 1;
  };
  const ORDERS = {
    kind: (a, b) => collator.compare(words.kind[LANES[a.lane]], words.kind[LANES[b.lane]]),
    map: (a, b) => collator.compare(a.title, b.title),
    step: (a, b) => collator.compare(a.step || "—", b.step || "—"),
    status: missingLast((e) => (e.status ? STATUS_ORDER.indexOf(e.status) : "")),
    priority: missingLast((e) => e.rank),
    impact: missingLast((e) => e.impact),
    effort: missingLast((e) => e.effort),
    basis: (a, b) => collator.compare(a.basis && words.basis[a.basis], b.basis && words.basis[b.basis]),
  };
  const orderOf = (key) => ORDERS[key] || ((a, b) => collator.compare(String(a[key]), String(b[key])));

  const arrange = (list) => {
    if (!sort.key) return list;
    const compare = orderOf(sort.key);
    const sign = sort.descending ? -1 : 1;
    return list.sort((a, b) => sign * compare(a, b) || a.index - b.index);
  };

  // ---- drawing ---------------------------------------------------------------------
  const cellOf = (entry, column) => {
    const td = document.createElement("td");
    td.dataset.label = column.label;
    const text = (value) => { td.textContent = value === "" ? "" : String(value); };
    switch (column.key) {
      case "kind": text(words.kind[LANES[entry.lane]]); break;
      case "text": {
        td.append(entry.text);
        if (entry.basis) {
          const mark = document.createElement("span");
          mark.className = `cjm-basis cjm-basis--${entry.basis}`;
          const said = words.basis_mark[entry.basis];
          const source = entry.source ? fill(words.basis_source, { source: entry.source }) : "";
          mark.title = source ? `${said} · ${source}` : said;
          const dot = document.createElement("span");
          dot.setAttribute("aria-hidden", "true");
          dot.textContent = entry.basis === "research" ? "●" : "?";
          const hidden = document.createElement("span");
          hidden.className = "cjm-visually-hidden";
          hidden.textContent = source ? `${said}. ${source}` : said;
          mark.append(dot, hidden);
          td.append(" ", mark);
        }
        if (entry.link && /^https?:\/\//i.test(entry.link)) {
          const a = document.createElement("a");
          a.className = "cjm-backlog__link";
          a.href = entry.link;
          a.rel = "noopener nofollow";
          a.textContent = words.link;
          td.append(" ", a);
        }
        break;
      }
      case "map": {
        const a = document.createElement("a");
        a.href = entry.href;
        a.textContent = entry.title;
        td.append(a);
        break;
      }
      case "step": text(entry.step || "—"); break;
      case "status":
        if (entry.status) {
          const span = document.createElement("span");
          span.className = `cjm-status cjm-status--${entry.status}`;
          span.textContent = words.status[entry.status] || entry.status;
          td.append(span);
        }
        break;
      case "priority": text(entry.priority === "" ? "" : priorityLabel(entry.priority)); break;
      case "basis": text(entry.basis ? words.basis[entry.basis] : ""); break;
      default: text(entry[column.key] === undefined ? "" : entry[column.key]);
    }
    return td;
  };

  const rowOf = (entry) => {
    const tr = document.createElement("tr");
    tr.id = entry.anchor;
    tr.className = `cjm-backlog--${LANES[entry.lane]}`;
    for (const column of columns) tr.append(cellOf(entry, column));
    return tr;
  };

  const pages = () => Math.max(1, Math.ceil(shown.length / PAGE));

  const draw = () => {
    if (!entries) return;
    page = Math.min(Math.max(page, 0), pages() - 1);
    const most = printing ? PRINT_MOST : PAGE;
    const start = printing ? 0 : page * PAGE;
    const slice = shown.slice(start, start + most);
    tbody.replaceChildren(...slice.map(rowOf));
    if (count) count.textContent = fill(count.dataset.template, { shown: shown.length, total: entries.length });
    if (pager) {
      pager.hidden = shown.length <= PAGE;
      where.textContent = fill(words.page, {
        first: shown.length ? start + 1 : 0, last: start + slice.length, shown: shown.length,
      });
      pager.querySelector("[data-step='-1']").disabled = page === 0;
      pager.querySelector("[data-step='1']").disabled = page >= pages() - 1;
    }
    if (printNote) {
      printNote.hidden = !(printing && shown.length > PRINT_MOST);
      printNote.textContent = fill(words.print_cap, { printed: PRINT_MOST, shown: shown.length });
    }
    for (const column of columns) {
      if (column.key === sort.key) column.th.setAttribute("aria-sort", sort.descending ? "descending" : "ascending");
      else column.th.removeAttribute("aria-sort");
    }
  };

  // ---- the address -----------------------------------------------------------------
  const remember = () => {
    const params = new URLSearchParams(chosen());
    if (sort.key) params.set("sort", sort.key);
    if (sort.key && sort.descending) params.set("desc", "1");
    if (page > 0) params.set("page", String(page + 1));
    const query = params.toString();
    const url = location.pathname + (query ? `?${query}` : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) history.replaceState(history.state, "", url);
  };

  const recall = () => {
    const params = new URLSearchParams(location.search);
    for (const name of FILTERS) {
      const f = field(name);
      const v = params.get(name);
      if (!f || v === null) continue;
      if (f.tagName === "SELECT" && !Array.from(f.options).some((o) => o.value === v)) f.add(new Option(v, v));
      f.value = v;
    }
    const key = params.get("sort");
    if (key && columns.some((c) => c.key === key)) sort = { key, descending: params.get("desc") === "1" };
    page = Math.max(0, (Number.parseInt(params.get("page") || "1", 10) || 1) - 1);
  };

  /** The filters and the sort applied to every entry; ``keepPage``: stay on this page. */
  const apply = (keepPage) => {
    if (!entries) return;
    shown = arrange(entries.filter(keeps(chosen())));
    if (!keepPage) page = 0;
    draw();
    remember();
  };

  /** Shows the entry of the address's anchor (clearing the filters that hide it). */
  const goToAnchor = () => {
    const id = decodeURIComponent(location.hash.slice(1));
    if (!entries || !id.startsWith("cjm-item-")) return;
    let at = shown.findIndex((e) => e.anchor === id);
    if (at < 0 && entries.some((e) => e.anchor === id)) {
      form.reset();
      shown = arrange(entries.slice());
      at = shown.findIndex((e) => e.anchor === id);
    }
    if (at < 0) return;
    page = Math.floor(at / PAGE);
    draw();
    remember();
    const row = document.getElementById(id);
    if (row) {
      row.classList.add("cjm-backlog__target");
      row.scrollIntoView({ block: "center" });
    }
  };

  // ---- events ----------------------------------------------------------------------
  let typing = 0;
  const later = () => { clearTimeout(typing); typing = setTimeout(() => apply(false), 150); };
  form.addEventListener("input", (event) => {
    if (event.target.name === "map") suggestMaps(event.target.value);
    if (event.target.tagName === "INPUT") later();
  });
  form.addEventListener("change", (event) => {
    if (event.target.tagName === "SELECT") apply(false);
  });
  form.addEventListener("reset", () => setTimeout(() => apply(false)));
  form.addEventListener("submit", (event) => { event.preventDefault(); clearTimeout(typing); apply(false); });

  const suggestMaps = (typed) => {
    if (!mapList || !entries) return;
    const want = fold(typed);
    const titles = [];
    const seen = new Set();
    for (const e of entries) {
      if (titles.length >= 30) break;
      if (!seen.has(e.title) && (!want || fold(e.title).includes(want))) {
        seen.add(e.title);
        titles.push(e.title);
      }
    }
    mapList.replaceChildren(...titles.map((t) => new Option(t, t)));
  };

  for (const column of columns) {
    const th = column.th;
    th.setAttribute("role", "columnheader");
    th.tabIndex = 0;
    const choose = () => {
      sort = { key: column.key, descending: sort.key === column.key ? !sort.descending : false };
      if (entries) apply(false);
      else draw();
    };
    th.addEventListener("click", choose);
    th.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); choose(); }
    });
  }
  if (pager) {
    pager.addEventListener("click", (event) => {
      const step = Number(event.target.dataset && event.target.dataset.step);
      if (!step) return;
      page += step;
      draw();
      remember();
      table.scrollIntoView({ block: "start" });
    });
  }

  const printMedia = window.matchMedia("print");
  const forPrint = (on) => {
    if (!table.isConnected || printing === on) return;
    printing = on;
    draw();
  };
  printMedia.addEventListener("change", (event) => forPrint(event.matches));
  window.addEventListener("beforeprint", () => forPrint(true));
  window.addEventListener("afterprint", () => forPrint(false));
  window.addEventListener("hashchange", () => { if (table.isConnected) goToAnchor(); });

  // ---- start -----------------------------------------------------------------------
  recall();
  form.hidden = false;
  if (count) count.textContent = words.loading;
  const load = () => fetch(dataUrl)
    .then((response) => { if (!response.ok) throw new Error(String(response.status)); return response.json(); })
    .then((data) => {
      if (!table.isConnected) return;
      entries = entriesOf(data);
      fillOptions();
      recall(); // options now listed: the address's values are chosen again
      if (firstNote) firstNote.hidden = true;
      table.dataset.cjmAll = "1";
      shown = arrange(entries.filter(keeps(chosen())));
      draw();
      remember();
      goToAnchor();
      table.dataset.cjmSorts = "1";
    })
    .catch(() => { if (count) count.textContent = words.failed; });
  if (document.readyState === "complete") load();
  else window.addEventListener("load", load, { once: true });
})();
