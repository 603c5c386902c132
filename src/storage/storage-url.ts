/**
 * Where an S3-compatible object store is, written as one URL so a deployment sets one variable:
 * `s3://bucket?endpoint=http://minio:9000&region=us-east-1&forcePathStyle=true`. Credentials are
 * not part of it: the AWS SDK finds them the usual way (AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY, a profile, or an instance role).
 */
export interface S3Location {
  bucket: string;
  /** Unset: AWS S3 itself. */
  endpoint?: string;
  region: string;
  /** Path-style (`endpoint/bucket/key`) works with every S3-compatible server; the default. */
  forcePathStyle: boolean;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PARAMS = new Set(['endpoint', 'region', 'forcePathStyle']);

/** Throws an Error naming what is wrong; the configuration turns it into one line. */
export function parseStorageUrl(raw: string): S3Location {
  const url = new URL(raw);
  if (url.protocol !== 's3:') throw new Error('the scheme must be s3://');
  const bucket = url.hostname;
  if (!BUCKET.test(bucket)) throw new Error(`"${bucket}" is not a bucket name`);
  if (url.pathname !== '' && url.pathname !== '/') throw new Error('nothing may follow the bucket name but ?options');
  if (url.username || url.password) throw new Error('credentials belong in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, not the URL');
  for (const name of url.searchParams.keys()) if (!PARAMS.has(name)) throw new Error(`unknown option ${name}`);
  const endpoint = url.searchParams.get('endpoint') ?? undefined;
  if (endpoint !== undefined && !['http:', 'https:'].includes(new URL(endpoint).protocol)) throw new Error('endpoint must be an http(s) URL');
  const region = url.searchParams.get('region') || 'us-east-1';
  const pathStyle = url.searchParams.get('forcePathStyle') ?? 'true';
  if (pathStyle !== 'true' && pathStyle !== 'false') throw new Error('forcePathStyle must be true or false');
  return { bucket, endpoint, region, forcePathStyle: pathStyle === 'true' };
}
