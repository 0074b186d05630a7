/**
 * CSRF prevention, as Apollo Server and yoga's csrf plugin do it: a GraphQL request is only run when a
 * browser would have sent a CORS preflight for it first, so another site cannot make a visitor's
 * browser run an operation. That holds when the request has a Content-Type other than the three a
 * plain HTML form may send (`application/json` for every normal POST), or carries one of the required
 * headers, which only script can set (GET requests: send `x-graphql-csrf: 1`).
 *
 * It runs when the request is parsed as a GraphQL request, so the GraphiQL page itself is served as
 * usual (and GraphiQL posts JSON).
 */
import { createGraphQLError, type Plugin } from 'graphql-yoga';

export const CSRF_REQUEST_HEADERS: readonly string[] = ['x-graphql-csrf', 'apollo-require-preflight', 'x-apollo-operation-name'];

const NON_PREFLIGHTED_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

export function isPreflightedRequest(request: Request, requiredHeaders: readonly string[] = CSRF_REQUEST_HEADERS): boolean {
  const contentType = request.headers.get('content-type');
  if (contentType !== null) {
    const essence = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    if (essence !== '' && !NON_PREFLIGHTED_CONTENT_TYPES.includes(essence)) return true;
  }
  return requiredHeaders.some((header) => (request.headers.get(header) ?? '') !== '');
}

export function useCsrfPrevention(requiredHeaders: readonly string[] = CSRF_REQUEST_HEADERS): Plugin {
  return {
    onRequestParse({ request }) {
      if (isPreflightedRequest(request, requiredHeaders)) return;
      throw createGraphQLError(
        'This request was blocked as a possible cross-site request forgery. Send it with "Content-Type: application/json", ' +
          `or, for a GET request, add a non-empty "${requiredHeaders[0] ?? 'x-graphql-csrf'}" header.`,
        { extensions: { code: 'CSRF_PREVENTED', http: { status: 403 } } },
      );
    },
  };
}
