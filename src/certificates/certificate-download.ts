import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';

/** The stored PDF as a download, the same headers for the API and the page route. */
export function sendCertificatePdf(reply: FastifyReply, pdf: { row: { number: string; pdf_sha256: string }; stream: Readable; size: number }) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-length', String(pdf.size))
    .header('content-disposition', `attachment; filename="${pdf.row.number.replace(/[^\w.-]+/g, '-')}.pdf"`)
    .header('x-content-sha256', pdf.row.pdf_sha256)
    .send(pdf.stream);
}
