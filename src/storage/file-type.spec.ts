import { declaredTypeContradicts, detectFileType, isAccepted } from './file-type';

describe('detectFileType', () => {
  it.each([
    ['a PDF', Buffer.from('%PDF-1.7\n...'), 'application/pdf', true],
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'image/png', true],
    ['a JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image/jpeg', true],
    ['a Windows executable', Buffer.from('MZ\x90\x00\x03\x00'), 'application/x-msdownload', false],
    ['a zip (docx)', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]), 'application/zip', false],
    ['an HTML page', Buffer.from('<html><script>'), 'text/html', false],
    ['random bytes', Buffer.from([0x00, 0x01, 0x02, 0x03]), 'application/octet-stream', false],
  ])('%s is %s', (_, bytes, mime, accepted) => {
    expect(detectFileType(bytes)).toBe(mime);
    expect(isAccepted(detectFileType(bytes))).toBe(accepted);
  });
});

describe('declaredTypeContradicts', () => {
  it.each([
    ['application/octet-stream', 'image/png', false],
    ['image/png', 'image/png', false],
    ['IMAGE/PNG', 'image/png', false],
    ['image/jpg', 'image/jpeg', false],
    ['application/pdf', 'image/png', true],
    ['image/jpg', 'image/png', true],
  ])('declared %s, content %s: contradicts %s', (declared, detected, contradicts) => {
    expect(declaredTypeContradicts(declared, detected)).toBe(contradicts);
  });
});
