/**
 * The language in effect for `element`: its own `lang`, else the nearest ancestor's, looking
 * through shadow roots (a component that puts us in its shadow DOM inherits its host's
 * language), else the document's.
 */
export function effectiveLang(element: Element): string | undefined {
  let node: Element | null = element;
  while (node) {
    const lang = node.getAttribute('lang');
    if (lang) return lang;
    const root: Node = node.getRootNode();
    node = node.parentElement ?? (root instanceof ShadowRoot ? root.host : null);
  }
  return undefined;
}
