import fs from 'node:fs';
import path from 'node:path';
import { loadEnvFile } from '../../env';
import { buildTeamsAppPackage } from './appPackage';
import { readTeamsPackageConfig } from './packageConfig';

/** Where the package is written, relative to the project root. */
export const PACKAGE_OUTPUT = path.join('appPackage', 'build', 'madoguchi.zip');

/** The project root: the nearest folder above this file holding package.json (works from src/ and dist/src/). */
function projectRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i += 1) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}

/** `npm run teams:package`: writes appPackage/build/madoguchi.zip and returns the exit code. */
export async function teamsPackageMain(env: Record<string, string | undefined>, root = projectRoot()): Promise<number> {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: string };
  const loaded = readTeamsPackageConfig(env, pkg.version ?? '');
  if (!loaded.ok) {
    process.stderr.write(`${loaded.error}\n`);
    return 1;
  }
  const { config } = loaded;
  if (config.placeholders) {
    process.stderr.write('teamsPackage: warning: developer pages are placeholders (example.com); set TEAMS_WEBSITE_URL, TEAMS_PRIVACY_URL and TEAMS_TERMS_URL before publishing\n');
  }
  const { zip } = await buildTeamsAppPackage(config);
  const out = path.join(root, PACKAGE_OUTPUT);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, zip);
  process.stdout.write(`teamsPackage: wrote ${path.relative(process.cwd(), out) || out} (app ${config.appId}, bot ${config.botId}, version ${config.version})\n`);
  return 0;
}

if (require.main === module) {
  loadEnvFile();
  teamsPackageMain(process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`teamsPackage: failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
