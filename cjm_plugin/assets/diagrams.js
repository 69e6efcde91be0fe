/* cjm: Mermaid only where a diagram is, from the site itself.

   Material for MkDocs renders every `pre.mermaid` by calling `mermaid.initialize()` once
   and then `await mermaid.render(id, text)`; when no global `mermaid` exists it loads
   Mermaid from a CDN instead. This script, loaded on every page (about 5 KB), defines
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
  const fitJourney = (text, svg) => {
    const root = svg.match(/^<svg\b[^>]*>/);
    if (!root || !/\saria-roledescription="journey"/.test(root[0])) return svg;
    const box = root[0].match(/\sviewBox="([^"]*)"/);
    if (!box) return svg;
    const [x0, y0, width0] = box[1].trim().split(/\s+/).map(Number);
    let right = -Infinity, top = Infinity, bottom = -Infinity;
    for (const [tag] of svg.matchAll(/<rect\b[^>]*>/g)) {
      if (!/\sclass="(journey-section|task)\b/.test(tag)) continue;
      right = Math.max(right, number(tag, "x") + number(tag, "width"));
      top = Math.min(top, number(tag, "y"));
    }
    for (const [tag] of svg.matchAll(/<line\b[^>]*>/g)) {
      if (/\sclass="task-line"/.test(tag)) bottom = Math.max(bottom, number(tag, "y2"));
    }
    if (![right, top, bottom].every(Number.isFinite)) return svg;
    const titled = /^\s*title\s/m.test(text);  // the title is drawn above the bars
    const minY = titled ? y0 : top - 10;
    const width = Math.ceil(Math.max(right + 10, titled ? width0 : 0));
    const height = Math.ceil(bottom + 5 - minY);
    let tag = root[0].replace(box[0], ` viewBox="${x0} ${minY} ${width} ${height}"`);
    if (/\swidth="100%"/.test(tag)) {  // useMaxWidth: as wide as the column allows
      tag = tag.replace(/\sheight="[^"]*"/, "").replace(/max-width:\s*[\d.]+px/, `max-width: ${width}px`);
    } else {
      tag = tag.replace(/\swidth="[^"]*"/, ` width="${width}"`).replace(/\sheight="[^"]*"/, ` height="${height}"`);
    }
    // The activity arrow stops short of the last step (Mermaid subtracts the legend
    // from its end): it runs to the last box's edge.
    const rest = svg.slice(root[0].length).replace(/<line\b[^>]*\smarker-end="[^"]*"[^>]*>/, (line) =>
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
