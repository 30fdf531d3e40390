/** The page at `/sandbox`: the browser code of src/web, served under the sandbox's paths. */
import type { Route } from '../ingress/http/route.js';
import { pageAsset, sendPageAsset } from '../web/static-page.js';

export function sandboxPageRoutes(): Route[] {
  const assets = [pageAsset('/sandbox', 'index.html'), pageAsset('/sandbox/app.js', 'app.js'), pageAsset('/sandbox/slack-date.js', 'slack-date.js'), pageAsset('/sandbox/app.css', 'app.css')];
  return assets.map((asset) => ({
    method: 'GET',
    path: asset.path,
    handler: (_req, res) => {
      sendPageAsset(res, asset);
      return Promise.resolve();
    },
  }));
}
