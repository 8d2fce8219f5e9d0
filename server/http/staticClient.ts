import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

// The browser app, built by `vite build` into dist/client. Every other GET that is not an API
// route or a file (/join, /chair, …) gets index.html: the client routes itself, and the join
// token in the fragment (#t=…) never reaches this server.

export function staticClient(clientDir: string): Router {
  const router = Router();
  const index = path.join(clientDir, 'index.html');
  router.use(
    express.static(clientDir, {
      index: false,
      fallthrough: true,
      maxAge: '1h',
      // Vite names every file under assets/ by its content hash: a file's name changes with its
      // content, so a browser may keep it for good and a returning point loads no script twice.
      setHeaders: (res, filePath) => {
        if (path.relative(clientDir, filePath).startsWith(`assets${path.sep}`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  router.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => {
    if (!existsSync(index)) {
      res.status(503).type('text/plain; charset=utf-8').send('Giao diện chưa được build / the client is not built: run `npm run build:client`.\n');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
