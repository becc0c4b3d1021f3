/**
 * Note bodies are stored as HTML, as Intercom stores them: a body that already contains HTML tags is
 * kept as sent; plain text is escaped and wrapped in paragraphs (`Hello` → `<p>Hello</p>`), one per
 * blank-line-separated block, single line breaks becoming `<br>`.
 */
const TAG = /<\/?[a-z][a-z0-9-]*(\s[^<>]*)?\/?>/i;

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function noteHtml(body: string): string {
  if (TAG.test(body)) return body;
  const paragraphs = body
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('');
}
