/// <reference types="vitest/config" />
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { defineConfig, type Plugin } from 'vite';
import { fileOf, handoff } from './src/embed/chunk.js';
import { builtInLocales } from './src/survey/languages.js';
import { wordings } from './src/survey/locales.js';

const root = fileURLToPath(new URL('.', import.meta.url));
const entries = {
  index: 'src/index.ts',
  preact: 'src/preact.ts',
  element: 'src/element.ts',
  collector: 'src/collector.ts',
  'collector-pglite': 'src/collector/pglite.ts',
  'collector-postgres': 'src/collector/postgres.ts',
  server: 'src/server.ts',
  cli: 'src/cli.ts',
};

/**
 * Ships the JSON Schemas (config, protocol) and the JSX typings (src/jsx), and emits
 * `.d.ts` files for the package entries with the TypeScript compiler, using tsconfig.json's
 * options, so the types are exactly what `npm run typecheck` sees.
 */
function declarations(): Plugin {
  return {
    name: 'surveylet:declarations',
    apply: 'build',
    closeBundle() {
      const file = ts.findConfigFile(root, ts.sys.fileExists, 'tsconfig.json');
      if (!file) throw new Error('tsconfig.json not found');
      const parsed = ts.getParsedCommandLineOfConfigFile(
        file,
        {},
        {
          ...ts.sys,
          onUnRecoverableConfigFileDiagnostic: (d) => {
            throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
          },
        },
      );
      if (!parsed) throw new Error('tsconfig.json could not be read');
      const program = ts.createProgram(
        Object.values(entries).map((entry) => `${root}${entry}`),
        {
          ...parsed.options,
          noEmit: false,
          declaration: true,
          emitDeclarationOnly: true,
          stripInternal: true,
          rootDir: `${root}src`,
          outDir: `${root}dist/types`,
        },
      );
      for (const schema of ['config.schema.json', 'protocol.schema.json']) {
        copyFileSync(`${root}src/${schema}`, `${root}dist/${schema}`);
      }
      // The per-framework JSX typings are written as .d.ts (they augment modules this
      // package does not depend on), so they ship as they are; test/package/typings.test.ts
      // type-checks them against each framework.
      mkdirSync(`${root}dist/types/jsx`, { recursive: true });
      for (const typings of readdirSync(`${root}src/jsx`)) {
        copyFileSync(`${root}src/jsx/${typings}`, `${root}dist/types/jsx/${typings}`);
      }
      const result = program.emit();
      const errors = ts.getPreEmitDiagnostics(program).concat(result.diagnostics);
      if (errors.length > 0) {
        throw new Error(ts.formatDiagnostics(errors, ts.createCompilerHost({})));
      }
    },
  };
}

const sri = (file: string, algorithm = 'sha384') =>
  `${algorithm}-${createHash(algorithm).update(readFileSync(file)).digest('base64')}`;

/**
 * The wording files beside the loader, one per built-in locale (`dist/surveylet-de.js`):
 * one statement that hands the locale's list, in the order of `stringKeys`, to the
 * <script> element the loader made for it. Written before the UI file, which carries
 * their hashes (sha256: the shortest hash SRI takes, and every page showing a survey
 * pays for these seven) so that a loader pinned by `integrity` pins them too.
 */
function wordingFiles(): Plugin {
  return {
    name: 'surveylet:wording',
    apply: 'build',
    config() {
      mkdirSync(`${root}dist`, { recursive: true });
      const integrity: Record<string, string> = {};
      for (const locale of builtInLocales) {
        const file = `${root}dist/${fileOf(locale)}`;
        const list = JSON.stringify(wordings[locale]);
        writeFileSync(file, `document.currentScript?.[${JSON.stringify(handoff)}]?.(${list});\n`);
        integrity[locale] = sri(file, 'sha256');
      }
      return { define: { __SURVEYLET_WORDING_INTEGRITY__: JSON.stringify(integrity) } };
    },
  };
}

/**
 * Prints the Subresource Integrity hash of a script-tag file and ships it as
 * `dist/<file>.sri`, so a CDN script tag can carry `integrity="sha384-…"`: the
 * published file, hence its hash, is the same for everyone who uses that version.
 */
function integrity(name: string): Plugin {
  return {
    name: 'surveylet:integrity',
    apply: 'build',
    // After Vite's own size table, so the hash is the last line of the build.
    closeBundle() {
      const hash = sri(`${root}dist/${name}`);
      writeFileSync(`${root}dist/${name}.sri`, `${hash}\n`);
      console.log(`dist/${name}  ${hash}`);
    },
  };
}

/** A script-tag file: one self-contained classic script (no exports, no globals). */
const scriptFile = (entry: string, fileName: string) => ({
  emptyOutDir: false,
  target: 'es2020',
  lib: { entry, formats: ['iife' as const], name: 'surveyletBundle', fileName: () => fileName },
});

/**
 * The script-tag files, in build order: the UI file carries the wording files' hashes
 * (written as it starts), the loader the UI file's.
 */
const scriptModes: Record<string, [entry: string, file: string]> = {
  ui: ['src/embed/uiChunk.ts', fileOf('ui')],
  diagnostics: ['src/embed/diagnosticsChunk.ts', fileOf('diagnostics')],
  loader: ['src/embed/loader.ts', 'surveylet.js'],
  bundle: ['src/embed/bundle.ts', 'surveylet.bundle.js'],
};

// .ci/run asks for a JSON report to count passed and failed tests.
const report = process.env.SURVEYLET_TEST_REPORT;

export default defineConfig(({ mode }) => ({
  build:
    mode === 'size'
      ? {
          // Only for the size budget: the ESM import of createSurveylet, tree-shaken and minified
          // with its dependencies, as an app's bundler would ship it.
          emptyOutDir: false,
          outDir: 'dist/size',
          target: 'es2020',
          lib: {
            entry: 'test/size/esm-import.ts',
            formats: ['es'],
            fileName: () => 'esm-import.js',
          },
          // Vite keeps whitespace and /* @__PURE__ */ marks in ES library builds (for the
          // app's bundler to read); an app's production build ships neither (the Vite
          // fixture app's build has none), so they are not counted.
          rolldownOptions: { output: { minify: true, comments: { annotation: false } } },
        }
      : scriptModes[mode]
        ? scriptFile(...scriptModes[mode])
        : {
            // The npm package: ESM with dependencies left for the app's bundler.
            target: 'es2020',
            minify: false,
            lib: { entry: entries, formats: ['es'] },
            rolldownOptions: {
              external: [
                /^preact(\/|$)/,
                /^@preact\/signals/,
                /^idb-keyval/,
                /^@electric-sql\/pglite/,
                /^pg$/,
                /^node:/,
              ],
              output: { chunkFileNames: 'chunks/[name].js' },
            },
          },
  define: {
    // Only the loader says config problems in short form (src/survey/sentences.ts).
    __SURVEYLET_BRIEF__: JSON.stringify(mode === 'loader'),
    ...(mode === 'loader' && {
      __SURVEYLET_UI_INTEGRITY__: JSON.stringify(sri(`${root}dist/${fileOf('ui')}`)),
      __SURVEYLET_DIAGNOSTICS_INTEGRITY__: JSON.stringify(
        sri(`${root}dist/${fileOf('diagnostics')}`),
      ),
    }),
  },
  plugins: scriptModes[mode]
    ? [integrity(scriptModes[mode][1]), ...(mode === 'ui' ? [wordingFiles()] : [])]
    : mode === 'size'
      ? []
      : [declarations()],
  test: {
    reporters: report ? ['default', ['json', { outputFile: report }]] : ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'happy-dom',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: [
            'test/browser/**',
            'test/package/**',
            'test/collector/**',
            'test/bench/**',
            'test/fixtures/**',
            'test/docs/**',
          ],
        },
      },
      {
        extends: true,
        test: {
          // The collector runs on servers: Node, no DOM.
          name: 'server',
          environment: 'node',
          include: ['test/collector/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // npm run bench: measurements written to BENCHMARKS.md, not part of npm test.
          name: 'bench',
          environment: 'node',
          include: ['test/bench/**/*.test.ts'],
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'built',
          environment: 'node',
          include: [
            'test/browser/**/*.test.ts',
            'test/package/**/*.test.ts',
            'test/docs/**/*.test.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
}));
