import dotenv from 'dotenv';

/** Loads `.env` from the working directory if present; real environment variables win. */
export function loadEnvFile(): void {
  dotenv.config({ quiet: true });
}
