#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('madoguchi: the project is not built yet; run `npm install` (it builds) or `npm run build` first\n');
  process.exit(1);
}
const { main } = require(entry);
const { loadEnvFile } = require(path.join(__dirname, '..', 'dist', 'src', 'env.js'));
loadEnvFile();
main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`madoguchi: ${err instanceof Error ? err.message : String(err)}\n`); process.exitCode = 1; },
);
