import { renderAsync } from '@resvg/resvg-js';
import type { ChartRenderer } from '../../app/ports/metrics.js';
import { failingShareSvg } from './failing-share-svg.js';

export interface ChartRendererOptions {
  /** Load the machine's fonts for the labels (default true). Without any font, text is left out and the lines still render. */
  readonly loadSystemFonts?: boolean;
  /** Extra font files, e.g. a font shipped with the deployment. */
  readonly fontFiles?: readonly string[];
}

/**
 * The failing-share chart as PNG, rendered by resvg (a native build that needs no install
 * script). renderAsync runs on libuv's thread pool, so a render never blocks the event loop.
 */
export function createChartRenderer(options: ChartRendererOptions = {}): ChartRenderer {
  const font = {
    loadSystemFonts: options.loadSystemFonts ?? true,
    fontFiles: [...(options.fontFiles ?? [])],
    defaultFontFamily: 'DejaVu Sans',
    sansSerifFamily: 'DejaVu Sans',
  };
  return {
    async failingShare(input) {
      const svg = failingShareSvg(input);
      const image = await renderAsync(svg, { font, fitTo: { mode: 'original' }, background: '#ffffff', logLevel: 'off' });
      return image.asPng();
    },
  };
}
