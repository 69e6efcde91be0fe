/* cjm: Mermaid only where a diagram is, from the site itself.

   Material for MkDocs renders every `pre.mermaid` by calling `mermaid.initialize()` once
   and then `await mermaid.render(id, text)`; when no global `mermaid` exists it loads
   Mermaid from a CDN instead. This script, loaded on every page (about 1 KB), defines
   that global as a stand-in: the first `render` imports Mermaid's ESM build from the
   site (`mermaid/mermaid.esm.min.mjs`, which imports only the chunks the diagram's
   type needs). A page without a diagram never calls it, so it loads no Mermaid; it stays
   defined across instant navigation, so a diagram on the next page renders the same way.
*/
(() => {
  if (typeof window.mermaid !== "undefined" && !(window.mermaid instanceof Element)) {
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
  window.mermaid = {
    initialize(config) {
      options = config || {};
      if (loading) loading.then((mermaid) => mermaid.initialize(options));
    },
    async render(...args) { return (await load()).render(...args); },
    async run(...args) { return (await load()).run(...args); },
    async parse(...args) { return (await load()).parse(...args); },
  };
})();
