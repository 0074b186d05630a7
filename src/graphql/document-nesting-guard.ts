/**
 * Refuses documents nested absurdly deep before graphql-js parses them. The parser is recursive: a
 * query of a few thousand nested selections (`{ a { a { a … } } }`, some 10 kB) overflows the call
 * stack, which would surface as an internal error instead of a refusal. The depth limit of
 * query-limits.ts cannot help, since it runs on the parsed document.
 *
 * The guard scans the source once, counting `{`, `[` and `(` outside strings and comments. Real
 * operations stay far below the limit (the depth limit allows 12 levels of fields, each adding one or
 * two brackets); anything beyond is refused with QUERY_TOO_DEEP, like a query over the depth limit.
 * It runs for every parse, over HTTP and graphql-ws alike.
 */
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export const DEFAULT_MAX_NESTING = 100;

/** The deepest bracket nesting of a GraphQL source, ignoring strings, block strings and comments. */
export function maxNestingOf(source: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i];
    if (char === '#') {
      while (i < source.length && source[i] !== '\n' && source[i] !== '\r') i += 1;
    } else if (char === '"') {
      i = source.startsWith('"""', i) ? endOfBlockString(source, i) : endOfString(source, i);
    } else if (char === '{' || char === '[' || char === '(') {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (char === '}' || char === ']' || char === ')') {
      depth = Math.max(0, depth - 1);
    }
  }
  return deepest;
}

function endOfString(source: string, start: number): number {
  for (let i = start + 1; i < source.length; i += 1) {
    if (source[i] === '\\') i += 1;
    else if (source[i] === '"' || source[i] === '\n') return i;
  }
  return source.length;
}

function endOfBlockString(source: string, start: number): number {
  for (let i = start + 3; i < source.length; i += 1) {
    if (source[i] === '\\' && source.startsWith('\\"""', i)) i += 3;
    else if (source.startsWith('"""', i)) return i + 2;
  }
  return source.length;
}

export function useDocumentNestingGuard(maxNesting = DEFAULT_MAX_NESTING): Plugin {
  return {
    onParse({ params, setParseFn }) {
      const source: unknown = params.source;
      const text = typeof source === 'string' ? source : typeof (source as { body?: unknown })?.body === 'string' ? (source as { body: string }).body : '';
      const nesting = maxNestingOf(text);
      if (nesting <= maxNesting) return;
      setParseFn(() => {
        throw new GraphQLError(`The operation nests brackets ${nesting} levels deep; at most ${maxNesting} are allowed.`, { extensions: { code: 'QUERY_TOO_DEEP' } });
      });
    },
  };
}
