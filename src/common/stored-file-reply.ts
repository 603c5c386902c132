import type { FastifyReply } from 'fastify';

/**
 * The headers every stored file (document, attestation screenshot, field-visit photo) is sent with,
 * for the API and the pages alike: its type, its name (shown in the page or saved), and its SHA-256
 * so a reader can check the bytes against the audit trail. The caller adds what is its own, then sends.
 */
export function storedFileHeaders(
  reply: FastifyReply,
  file: { mimeType: string; fileName: string; sha256: string },
  disposition: 'inline' | 'attachment',
  size?: number,
): FastifyReply {
  if (size !== undefined) void reply.header('content-length', String(size));
  return reply
    .header('content-type', file.mimeType)
    .header('content-disposition', `${disposition}; filename="${file.fileName}"`)
    .header('x-content-sha256', file.sha256);
}
