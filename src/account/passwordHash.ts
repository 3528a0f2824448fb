import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt parameters: Node's defaults (N=16384, r=8, p=1), 64-byte key, 16-byte salt. */
const KEY_LENGTH = 64;
const SALT_LENGTH = 16;

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** A stored password: never the password itself. */
export interface PasswordHash {
  readonly salt: string;
  readonly hash: string;
}

export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt);
  return { salt: salt.toString('base64'), hash: key.toString('base64') };
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const key = await derive(password, Buffer.from(stored.salt, 'base64'));
  return timingSafeEqual(key, Buffer.from(stored.hash, 'base64'));
}
