#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');

// The compiled project: dist/ (built at install). MADOGUCHI_BUILD_DIR runs another build of the
// same code, relative to the project root (the test suite runs the CLI from its own .build/test,
// so no test ever builds dist/).
const buildDir = path.resolve(__dirname, '..', process.env.MADOGUCHI_BUILD_DIR || 'dist');
const entry = path.join(buildDir, 'src', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write(`madoguchi: the project is not built yet (${path.relative(process.cwd(), entry) || entry} is missing); run \`npm install\` (it builds) or \`npm run build\` first\n`);
  process.exit(1);
}
const { main } = require(entry);
const { loadEnvFile } = require(path.join(buildDir, 'src', 'env.js'));
loadEnvFile();
main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`madoguchi: ${err instanceof Error ? err.message : String(err)}\n`); process.exitCode = 1; },
);
