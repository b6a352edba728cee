// Stands in for mdbook-mermaid's init script (mermaid.initialize({ startOnLoad: true })).
window.quireMermaidTest = true;
