/**
 * One rule for every string a request brings in (body at any depth, keys included; query values;
 * path parameters): no NUL character and no lone UTF-16 surrogate. PostgreSQL refuses both in
 * text and jsonb (the write failed as a 500) while SQLite stores them, so the engines disagreed;
 * neither can be text in UTF-8 anyway. Checked before an operation's handler runs, so no database sees them.
 */
import { ApiError } from '../errors.js';

export type RequestPart = 'body' | 'query' | 'params';

/** NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const UNCLEAN = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** One object or array being walked, and the position of the next child to visit. */
interface Frame {
  node: Record<string, unknown> | unknown[];
  /** An object's own keys; undefined for an array. */
  keys: string[] | undefined;
  next: number;
}

const frame = (node: object): Frame =>
  Array.isArray(node) ? { node, keys: undefined, next: 0 } : { node: node as Record<string, unknown>, keys: Object.keys(node), next: 0 };

/** The dotted path of the child each frame is visiting (`custom_attributes.x`, `query.value.0.value`). */
function pathOf(stack: Frame[], frames: number): string[] {
  return stack.slice(0, frames).map((f) => (f.keys ? f.keys[f.next - 1] : String(f.next - 1)));
}

function unclean(part: RequestPart, path: string[], text: string, isKey: boolean): ApiError {
  const field = path.length > 0 ? path.join('.') : part;
  const what = text.includes('\0') ? 'a NUL character (\\u0000)' : 'an unpaired UTF-16 surrogate (not valid Unicode)';
  const message = isKey ? `${field} must not have a key containing ${what}` : `${field} must not contain ${what}`;
  return new ApiError('parameter_invalid', message, field);
}

/**
 * Throws a 400 `parameter_invalid` naming the first offending field. The walk keeps its own stack
 * rather than recursing: a 1 MB body can nest hundreds of thousands of levels deep.
 */
export function assertCleanStrings(part: RequestPart, value: unknown): void {
  if (typeof value === 'string') {
    if (UNCLEAN.test(value)) throw unclean(part, [], value, false);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const stack: Frame[] = [frame(value)];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const size = top.keys ? top.keys.length : (top.node as unknown[]).length;
    if (top.next >= size) {
      stack.pop();
      continue;
    }
    const index = top.next++;
    let child: unknown;
    if (top.keys) {
      const key = top.keys[index];
      if (UNCLEAN.test(key)) throw unclean(part, pathOf(stack, stack.length - 1), key, true);
      child = (top.node as Record<string, unknown>)[key];
    } else {
      child = (top.node as unknown[])[index];
    }
    if (typeof child === 'string') {
      if (UNCLEAN.test(child)) throw unclean(part, pathOf(stack, stack.length), child, false);
    } else if (typeof child === 'object' && child !== null) {
      stack.push(frame(child));
    }
  }
}
