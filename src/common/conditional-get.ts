/**
 * Conditional GET (RFC 9110 13.1.2): true when the request's If-None-Match names `etag` (weak
 * comparison, so a W/ prefix added by a proxy still matches) or is `*`.
 */
export function notModified(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const header = Array.isArray(ifNoneMatch) ? ifNoneMatch.join(',') : ifNoneMatch;
  if (header.trim() === '*') return true;
  const bare = etag.startsWith('W/') ? etag.slice(2) : etag;
  for (const part of header.split(',')) {
    const t = part.trim();
    if ((t.startsWith('W/') ? t.slice(2) : t) === bare) return true;
  }
  return false;
}
