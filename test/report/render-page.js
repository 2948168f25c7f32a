/* global window, document */
// Runs inside the page of render.test.ts: checks each Mermaid block with mermaid.parse (a syntax
// error is reported, not drawn), draws them, and says what the page shows.
(async () => {
  const m = window.mermaid;
  m.initialize({ startOnLoad: false, securityLevel: 'strict' });
  const nodes = [...document.querySelectorAll('pre.mermaid')];
  const errors = [];
  for (const n of nodes) {
    try {
      await m.parse(n.textContent ?? '');
    } catch (e) {
      errors.push(String(e?.message ?? e));
    }
  }
  await m.run({ nodes });
  return {
    diagrams: nodes.length,
    svgs: nodes.filter((n) => n.querySelector('svg')).length,
    svgText: nodes.map((n) => n.querySelector('svg')?.textContent ?? '').join(' '),
    errors,
    syntaxError: document.body.innerText.includes('Syntax error'),
    tables: document.querySelectorAll('table').length,
    details: document.querySelectorAll('details > summary').length,
  };
})();
