import { ZipFile } from 'yazl';
import { colorIconPng, outlineIconPng } from './appIcons';
import { buildTeamsManifest, COLOR_ICON_FILE, OUTLINE_ICON_FILE, type TeamsManifest, type TeamsManifestOptions } from './appManifest';

/** A fixed time stamp for every file, so the same inputs give a byte-identical package. */
const PACKAGE_MTIME = new Date('2024-01-01T00:00:00Z');

export interface TeamsAppPackage {
  readonly manifest: TeamsManifest;
  /** The .zip Teams sideloads: manifest.json and the two icons at its root. */
  readonly zip: Buffer;
}

/** Builds the manifest and zips it with the icons (Teams wants the files at the zip's root, not in a folder). */
export async function buildTeamsAppPackage(options: TeamsManifestOptions): Promise<TeamsAppPackage> {
  const manifest = buildTeamsManifest(options);
  const zip = new ZipFile();
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'), 'manifest.json', { mtime: PACKAGE_MTIME });
  zip.addBuffer(colorIconPng(manifest.accentColor), COLOR_ICON_FILE, { mtime: PACKAGE_MTIME });
  zip.addBuffer(outlineIconPng(), OUTLINE_ICON_FILE, { mtime: PACKAGE_MTIME });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return { manifest, zip: Buffer.concat(chunks) };
}
