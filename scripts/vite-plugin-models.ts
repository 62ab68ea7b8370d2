import { createReadStream, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { Connect, Plugin } from 'vite';

interface Options {
  /** Folder of the Triton-layout model repository, relative to the project root. */
  root: string;
  headers: Record<string, string>;
}

/**
 * Serves the model repository at `/models/` in `vite dev` and `vite preview`, so the app
 * loads weights from the same origin it runs on (no CDN, works offline). The datacenter
 * endpoint serves the same folder in production.
 */
export function serveModels({ root, headers }: Options): Plugin {
  const base = resolve(root);
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (!url.pathname.startsWith('/models/')) return next();
    const file = resolve(base, decodeURIComponent(url.pathname.slice('/models/'.length)));
    // Refuse anything that resolves outside the repository (../ tricks, absolute paths).
    if (!file.startsWith(base + sep)) {
      res.statusCode = 400;
      return res.end('bad model path');
    }
    let size: number;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      res.statusCode = 404;
      return res.end('no such model file');
    }
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Length', String(size));
    res.setHeader('Cache-Control', 'no-cache');
    createReadStream(file).pipe(res);
  };
  return {
    name: 'ax-serve-models',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}
