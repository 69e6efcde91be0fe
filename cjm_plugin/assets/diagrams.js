/* cjm: Mermaid only where a diagram is, from the site itself.

   Material for MkDocs renders every `pre.mermaid` by calling `mermaid.initialize()` once
   and then `await mermaid.render(id, text)`; when no global `mermaid` exists it loads
   Mermaid from a CDN instead. This script, loaded on every page (about 8 KB), defines
   that global as a stand-in: the first `render` imports Mermaid's ESM build from the
   site (`mermaid/mermaid.esm.min.mjs`, which imports only the chunks the diagram's
   type needs). A page without a diagram never calls it, so it loads no Mermaid; it stays
   defined across instant navigation, so a diagram on the next page renders the same way.
*/
(() => {
  /* Mermaid's journey sizes its viewBox wrongly: the last task is cut off when the
     diagram has no actor legend, 75 px are left empty above the stage bars, and the
     `height` attribute keeps the full height when the diagram is scaled down, which
     leaves a blank band below it. Only the root tag is rewritten, from the numbers in
     the section and task boxes (attributes Mermaid writes; no text of a label). */
  const number = (tag, name) => {
    const found = tag.match(new RegExp(`\\s${name}="(-?[\\d.]+)"`));
    return found ? parseFloat(found[1]) : NaN;
  };
  const setNumber = (tag, name, value) =>
    tag.replace(new RegExp(`\\s${name}="[^"]*"`), ` ${name}="${Math.round(value * 100) / 100}"`);

  /* A row of a map's diagram (core/mermaid.py marks it "%% cjm-row width: N") is drawn
     more compactly than Mermaid's fixed journey layout, which made a phone scroll past
     ~420 px per step: its actor legend goes (the figure names the actors once), the task
     boxes grow by 2 x TASK_PAD (four lines of text no longer touch the edges), each
     step's actor dots sit above its box (not on its first letter), and the activity
     arrow, the faces (FACE_STEP apart per score instead of 30) and the dashed lines move
     up below the boxes. Only tags' number attributes change; no label is read. */
  const TASK_PAD = 8, FACE_STEP = 18;
  const compact = (body) => {
    const task = body.match(/<rect\b[^>]*\sclass="task\b[^>]*>/);
    if (!task) return body;
    const top = number(task[0], "y"), height = number(task[0], "height") + 2 * TASK_PAD;
    const arrow = top + height + 18, faces = arrow + 28;  // a score of 5's face centre
    const bottom = faces + 4 * FACE_STEP + 24;
    return body
      .replace(/<circle\b[^>]*\sclass="actor-\d+"[^>]*><\/circle>/g, "")  // legend dots (a step's have a <title>)
      .replace(/<text\b[^>]*\sclass="legend"[^>]*>[\s\S]*?<\/text>/g, "")
      .replace(/<rect\b[^>]*\sclass="task\b[^>]*>/g, (tag) => setNumber(tag, "height", height))
      .replace(/<foreignObject\b[^>]*>/g, (tag) => number(tag, "y") === top ? setNumber(tag, "height", height) : tag)
      .replace(/<circle\b[^>]*\sclass="actor-\d+"[^>]*>(?=<title>)/g, (tag) => setNumber(tag, "cy", top - 9))
      .replace(/<line\b[^>]*\smarker-end="[^"]*"[^>]*>/, (tag) => setNumber(setNumber(tag, "y1", arrow), "y2", arrow))
      .replace(/(<circle\b[^>]*\sclass="face"[^>]*><\/circle>)<g>/g, (all, tag) => {
        const cy = number(tag, "cy"), score = 5 - Math.round((cy - 300) / 30);  // Mermaid: 300 + (5 - score) x 30
        const y = faces + (5 - score) * FACE_STEP;
        return `${setNumber(tag, "cy", y)}<g transform="translate(0 ${y - cy})">`;
      })
      .replace(/<line\b[^>]*\sclass="task-line"[^>]*>/g, (tag) => setNumber(tag, "y2", bottom));
  };

  const fitJourney = (text, svg) => {
    const root = svg.match(/^<svg\b[^>]*>/);
    if (!root || !/\saria-roledescription="journey"/.test(root[0])) return svg;
    const box = root[0].match(/\sviewBox="([^"]*)"/);
    if (!box) return svg;
    const row = text.match(/^%% cjm-row width: (\d+)$/m);
    let body = svg.slice(root[0].length);
    if (row) body = compact(body);
    const [x0, y0, width0] = box[1].trim().split(/\s+/).map(Number);
    let left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
    for (const [tag] of body.matchAll(/<rect\b[^>]*>/g)) {
      if (!/\sclass="(journey-section|task)\b/.test(tag)) continue;
      left = Math.min(left, number(tag, "x"));
      right = Math.max(right, number(tag, "x") + number(tag, "width"));
      top = Math.min(top, number(tag, "y"));
    }
    for (const [tag] of body.matchAll(/<line\b[^>]*>/g)) {
      if (/\sclass="task-line"/.test(tag)) bottom = Math.max(bottom, number(tag, "y2"));
    }
    if (![left, right, top, bottom].every(Number.isFinite)) return svg;
    const titled = /^\s*title\s/m.test(text);  // the title is drawn above the bars
    const minX = row ? left - 10 : x0;
    const minY = titled ? y0 : top - 10;
    // Every row of a map as wide as its widest (so all are drawn at one scale).
    const width = Math.ceil(Math.max(right + 10 - minX, titled ? width0 : 0, row ? Number(row[1]) : 0));
    const height = Math.ceil(bottom + 5 - minY);
    let tag = root[0].replace(box[0], ` viewBox="${minX} ${minY} ${width} ${height}"`);
    if (/\swidth="100%"/.test(tag)) {  // useMaxWidth: as wide as the column allows
      // On paper (cjm.css) the rows may grow past their size: --cjm-diagram-scale.
      tag = tag.replace(/\sheight="[^"]*"/, "").replace(/max-width:\s*[\d.]+px/,
        `max-width: calc(${width}px * var(--cjm-diagram-scale, 1))`);
    } else {
      tag = tag.replace(/\swidth="[^"]*"/, ` width="${width}"`).replace(/\sheight="[^"]*"/, ` height="${height}"`);
    }
    // The page's language, so that a long word in a label breaks with a hyphen.
    const lang = document.documentElement.lang;
    if (lang && !/\slang="/.test(tag)) tag = tag.replace(/^<svg\b/, `<svg lang="${lang.replace(/[^A-Za-z0-9-]/g, "")}"`);
    // The activity arrow stops short of the last step (Mermaid subtracts the legend
    // from its end): it runs to the last box's edge.
    const rest = body.replace(/<line\b[^>]*\smarker-end="[^"]*"[^>]*>/, (line) =>
      line.replace(/\sx2="[^"]*"/, ` x2="${Math.floor(right - 8)}"`));
    return tag + recolour(text, rest);
  };

  /* An actor keeps its colour in every row of a map: Mermaid colours the actors of one
     diagram by their sorted position, so the row says (in a comment line of digits,
     written by cjm) which of Mermaid's colours each position should have. Only the fill
     attributes of <circle> tags change. */
  const ACTOR_COLOURS = ["#8FBC8F", "#7CFC00", "#00FFFF", "#20B2AA", "#B0E0E6", "#FFFFE0"];
  const recolour = (text, svg) => {
    const wanted = text.match(/^%% cjm-actor-colours:((?: \d+)+)$/m);
    if (!wanted) return svg;
    const order = wanted[1].trim().split(" ").map(Number);
    if (order.length > ACTOR_COLOURS.length) return svg;  // positions share colours
    const swap = new Map(order.map((to, from) => [ACTOR_COLOURS[from].toLowerCase(),
                                                  ACTOR_COLOURS[to % ACTOR_COLOURS.length]]));
    return svg.replace(/<circle\b[^>]*>/g, (tag) => tag.replace(/\sfill="([^"]*)"/, (attr, fill) =>
      swap.has(fill.toLowerCase()) ? ` fill="${swap.get(fill.toLowerCase())}"` : attr));
  };

  /* Only a real global counts: an element with id="mermaid" (or two, an HTMLCollection)
     is also reachable as `window.mermaid` (named access), and must not stop the page's
     own diagrams. A script's global is an own property of window; a named element is not. */
  if (Object.prototype.hasOwnProperty.call(window, "mermaid")) {
    return; // the site loads Mermaid its own way
  }
  const url = new URL("mermaid/mermaid.esm.min.mjs", document.currentScript.src).href;
  let options = {};
  let loading = null;
  const load = () => {
    loading = loading || import(url).then(({ default: mermaid }) => {
      mermaid.initialize(options);
      return mermaid;
    });
    return loading;
  };
  Object.defineProperty(window, "mermaid", { configurable: true, enumerable: true, writable: true, value: {
    initialize(config) {
      options = config || {};
      if (loading) loading.then((mermaid) => mermaid.initialize(options));
    },
    async render(id, text, ...rest) {
      const result = await (await load()).render(id, text, ...rest);
      return { ...result, svg: fitJourney(text, result.svg) };
    },
    async run(...args) { return (await load()).run(...args); },
    async parse(...args) { return (await load()).parse(...args); },
  } });
})();
