/** The page at `/sandbox`: the browser code of src/web, served under the sandbox's paths. */
import type { Route } from '../ingress/http/route.js';
import { pageAsset, sendPageAsset } from '../web/static-page.js';

export function sandboxPageRoutes(): Route[] {
  // The scripts run in the order index.html lists them (deferred): text, dates, then Block Kit, then the client.
  const scripts = ['slack-text.js', 'slack-date.js', 'block-kit.js', 'app.js'].map((file) => pageAsset(`/sandbox/${file}`, file));
  const assets = [pageAsset('/sandbox', 'index.html'), ...scripts, pageAsset('/sandbox/app.css', 'app.css')];
  return assets.map((asset) => ({
    method: 'GET',
    path: asset.path,
    handler: (_req, res) => {
      sendPageAsset(res, asset);
      return Promise.resolve();
    },
  }));
}
