import { svg, type SVGTemplateResult } from 'lit';

/** The element's icons, drawn rather than taken from a font that may lack the glyph. */
const paths = {
  check: 'M5 12.5l4.5 4.5L19 7.5',
  cross: 'M7 7l10 10M17 7L7 17',
  alert: 'M12 6.5v7M12 17.5v.5',
  phone: 'M9 3.5h6a1 1 0 0 1 1 1v15a1 1 0 0 1-1 1H9a1 1 0 0 1-1-1v-15a1 1 0 0 1 1-1zM11 17.5h2',
  clock: 'M12 7v5l3 2M12 20a8 8 0 1 1 0-16 8 8 0 0 1 0 16z',
  window: 'M5 6h14v12H5zM5 9h14M14 3h7v7M21 3l-6 6',
  arrow: 'M5 12h14M13 6l6 6-6 6',
  dash: 'M7 12h10',
} as const;

export type IconName = keyof typeof paths;

export function icon(name: IconName): SVGTemplateResult {
  return svg`<svg viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" stroke-width="2.2"
    stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><path d=${paths[name]} /></svg>`;
}
