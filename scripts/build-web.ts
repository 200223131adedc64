import path from 'node:path';
import { readdirSync } from 'node:fs';
import { build } from 'esbuild';

/**
 * Bundles the browser pages (bpmn-js modeler, history viewer, …) at build time, so the application
 * serves everything itself: no CDN, works offline. Every `.ts` file directly in src/web/client/ is one
 * page's entry point (shared code lives in its subfolders); each becomes
 * src/web/public/build/<name>.js, plus <name>.css when the page imports style sheets, and the fonts
 * those style sheets use. Express serves the folder under /static/build/.
 *
 * Runs before `npm start` and `npm test` (prestart / pretest); `npm run build:web -- --watch` rebuilds
 * while editing.
 */
const root = path.resolve(__dirname, '..');
const clientDir = path.join(root, 'src', 'web', 'client');
export const buildDir = path.join(root, 'src', 'web', 'public', 'build');

export function pageEntries(): string[] {
  return readdirSync(clientDir)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
    .map((name) => path.join(clientDir, name));
}

async function main(): Promise<void> {
  const entryPoints = pageEntries();
  const watch = process.argv.includes('--watch');
  const options = {
    entryPoints,
    outdir: buildDir,
    bundle: true,
    format: 'iife' as const,
    target: 'es2020',
    minify: !watch,
    sourcemap: true,
    logLevel: 'warning' as const,
    loader: { '.woff': 'file', '.woff2': 'file', '.eot': 'file', '.ttf': 'file', '.svg': 'file' } as const,
    assetNames: 'assets/[name]-[hash]',
  };
  if (watch) {
    const { context } = await import('esbuild');
    const ctx = await context(options);
    await ctx.watch();
    console.log(`watching ${entryPoints.length} page(s) in ${path.relative(root, clientDir)}`);
    return;
  }
  const started = Date.now();
  await build(options);
  console.log(`built ${entryPoints.length} page(s) into ${path.relative(root, buildDir)} in ${Date.now() - started} ms`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`build:web failed: ${error.message ?? error}`);
    process.exit(1);
  });
}
