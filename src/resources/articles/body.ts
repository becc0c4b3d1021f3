/**
 * Article bodies as Intercom stores them: HTML whose paragraphs carry `class="no-margin"`. Plain
 * text becomes paragraphs ("Body" → `<p class="no-margin">Body</p>`, one per blank-line-separated
 * block, line breaks as `<br>`); in HTML, every `<p>` is given that class, and scripts, styles and
 * inline event handlers are removed (a help center page shows this HTML to readers).
 */
const TAG = /<\/?[a-z][a-z0-9-]*(\s[^<>]*)?\/?>/i;

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const PARAGRAPH = '<p class="no-margin">';

export function articleHtml(body: string): string {
  if (TAG.test(body)) {
    return body
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<(script|style)\b[^>]*>/gi, '')
      .replace(/\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '')
      .replace(/<p(\s[^<>]*)?>/gi, PARAGRAPH)
      .trim();
  }
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `${PARAGRAPH}${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}
