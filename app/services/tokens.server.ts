import { createHash, createHmac, randomBytes } from "node:crypto";

/** A random token for a link or a code, and the hash that is stored in its place. */
export function newToken(bytes = 32): { token: string; hash: string } {
  const token = randomBytes(bytes).toString("base64url");
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * A keyed hash for short secrets (household codes): without the server's secret, a leaked table cannot
 * be searched offline by trying every code.
 */
export function keyedHash(value: string, secret: string): string {
  return createHmac("sha256", secret).update(value).digest("hex");
}
