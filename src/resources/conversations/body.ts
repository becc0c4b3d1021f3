/** Message bodies and attachments as conversations store them. */
import { badRequest } from '../../errors.js';
import type { components } from '../../generated/types.js';
import { htmlBody } from '../notes/public.js';

/** Intercom takes at most ten attachments a reply. */
export const MAX_ATTACHMENTS = 10;

/** What Intercom shows for a redacted part or source. */
export const REDACTED_BODY = '<p><i>This message was deleted</i></p>';

/** Bodies are stored as HTML, as Intercom stores them (plain text becomes paragraphs). */
export const storedBody = (body: string): string => htmlBody(body);

type Attachment = components['schemas']['part_attachment'];

const CONTENT_TYPES: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', pdf: 'application/pdf', txt: 'text/plain', csv: 'text/csv',
};

/** The name at the end of a URL's path ("https://x/y/report.pdf?a=1" → "report.pdf"). */
function fileName(url: string): string {
  try {
    const path = new URL(url).pathname;
    return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || url;
  } catch {
    return url;
  }
}

/**
 * A reply's attachments: linked files (`attachment_urls`) and uploaded ones (`attachment_files`,
 * base64 data, kept as `data:` URLs since this server hosts no files). Ten at most.
 */
export function attachmentsOf(urls: readonly string[] = [], files: readonly components['schemas']['conversation_attachment_files'][] = []): Attachment[] {
  if (urls.length + files.length > MAX_ATTACHMENTS) {
    throw badRequest(`A reply can have at most ${MAX_ATTACHMENTS} attachments`, 'parameter_invalid', 'attachment_urls');
  }
  const linked = urls.map((url): Attachment => {
    const name = fileName(url);
    const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
    return { type: 'upload', name, url, content_type: CONTENT_TYPES[extension] ?? 'application/octet-stream', filesize: 0, width: 0, height: 0 };
  });
  const uploaded = files.map((file): Attachment => ({
    type: 'upload',
    name: file.name,
    url: `data:${file.content_type};base64,${file.data}`,
    content_type: file.content_type,
    filesize: Buffer.from(file.data, 'base64').length,
    width: 0,
    height: 0,
  }));
  return [...linked, ...uploaded];
}
