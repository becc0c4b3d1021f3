/**
 * Content negotiation: application/json, which every operation but one writes, and the media type
 * an operation declares instead (the export download's application/octet-stream).
 *
 * RFC 9110 §12.5.1: each media range may carry a weight `q` (0 to 1), and `q=0` means "not
 * acceptable"; the most specific range that matches a type decides its weight (`application/json`
 * over `application/*` over the full wildcard), so "XML, or anything else at q=0" refuses JSON while
 * "JSON, or anything else at q=0" accepts it. Ranges ending in `+json` (vendor JSON types) also
 * count as asking for JSON, as they always have here.
 */

/** No range of this specificity was listed. */
const UNLISTED = -1;

/** RFC 9110's qvalue: 0 to 1 with at most three decimals. */
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/** The `q` parameter of one media range's parameters (the text after its first `;`); 1 when absent. */
function weight(params: string): number {
  for (const param of params.split(';')) {
    const eq = param.indexOf('=');
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'q') continue;
    const q = param.slice(eq + 1).trim();
    // A malformed weight is read as the default rather than refusing the request over it.
    return QVALUE.test(q) ? Number(q) : 1;
  }
  return 1;
}

/** Whether an `Accept` header allows a JSON answer. Absent or empty: anything is acceptable. */
export function acceptsJson(accept: string | undefined): boolean {
  // The common headers answer without parsing: this runs on every request.
  if (!accept || accept === 'application/json' || accept === '*/*') return true;
  return acceptsType(accept, 'application/json');
}

/**
 * Whether an `Accept` header allows an answer of `mediaType` (`type/subtype`). Absent or empty:
 * anything is acceptable. For JSON, `+json` vendor types count as asking for it.
 */
export function acceptsType(accept: string | undefined, mediaType: string): boolean {
  if (!accept) return true;
  const wanted = mediaType.toLowerCase();
  const anyOfType = wanted.slice(0, wanted.indexOf('/') + 1) + '*';
  const json = wanted === 'application/json';
  // The weight of the most specific listed range of each kind; duplicates keep the highest.
  let exact = UNLISTED;
  let suffix = UNLISTED;
  let anySubtype = UNLISTED;
  let anyType = UNLISTED;
  for (const range of accept.split(',')) {
    const semi = range.indexOf(';');
    const type = (semi < 0 ? range : range.slice(0, semi)).trim().toLowerCase();
    const isSuffix = json && type.endsWith('+json');
    if (type !== wanted && type !== anyOfType && type !== '*/*' && !isSuffix) continue;
    const q = semi < 0 ? 1 : weight(range.slice(semi + 1));
    if (type === wanted) exact = Math.max(exact, q);
    else if (type === anyOfType) anySubtype = Math.max(anySubtype, q);
    else if (type === '*/*') anyType = Math.max(anyType, q);
    else suffix = Math.max(suffix, q);
  }
  if (exact !== UNLISTED) return exact > 0;
  if (suffix > 0) return true;
  if (anySubtype !== UNLISTED) return anySubtype > 0;
  return anyType > 0;
}
