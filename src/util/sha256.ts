// SHA-256 of bytes as lowercase hex (Web Crypto: the page, its Worker and Node alike), how the share link names a
// user's model or data file.
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}
