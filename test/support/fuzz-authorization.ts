/**
 * Garbage `Authorization` header values: bearer tokens that are not ours (random, truncated, one
 * character off the operator token, JWT-shaped, huge), other schemes, a bare scheme, odd spacing and
 * Latin-1 bytes. Only what an HTTP client can send: no CR, LF or NUL, nothing past U+00FF, not blank
 * (a blank header is no header). None of them is a valid credential, so a server that checks
 * credentials must refuse every one.
 *
 * `isCredentialCheckEnforced` tells whether the server checks them yet (auth is being added).
 */
import fc from 'fast-check';
import { sendGraphQL } from './fuzz-http.ts';
import { TEST_OPERATOR_TOKEN } from './test-auth.ts';

const HEADER_CHARACTER = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)) },
  { weight: 1, arbitrary: fc.constantFrom(' ', '\t') },
  { weight: 1, arbitrary: fc.integer({ min: 0xa0, max: 0xff }).map((code) => String.fromCharCode(code)) },
);
const headerText = (maxLength: number): fc.Arbitrary<string> => fc.string({ unit: HEADER_CHARACTER, minLength: 1, maxLength });
const base64url = (minLength: number, maxLength: number): fc.Arbitrary<string> =>
  fc.base64String({ minLength, maxLength }).map((text) => text.replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', ''));

function operatorTokenTweaks(): fc.Arbitrary<string> {
  const token = TEST_OPERATOR_TOKEN;
  return fc.oneof(
    fc.constant(token.slice(0, -1)),
    fc.constant(`${token}x`),
    fc.constant(token.toUpperCase()),
    fc.nat({ max: token.length - 1 }).map((at) => `${token.slice(0, at)}${token[at] === 'a' ? 'b' : 'a'}${token.slice(at + 1)}`),
    fc.constant(`${token} ${token}`),
    fc.constant(`"${token}"`),
  );
}

/** A header value that is not a valid credential. */
export function garbageAuthorization(): fc.Arbitrary<string> {
  const jwtLike = fc.tuple(base64url(4, 40), base64url(4, 80), base64url(0, 43)).map(([a, b, c]) => `eyJ${a}.eyJ${b}.${c}`);
  const token = fc.oneof(headerText(80).filter((text) => !/\s/.test(text)), jwtLike, operatorTokenTweaks(), fc.constant('null'), fc.constant('undefined'));
  return fc
    .oneof(
      { weight: 4, arbitrary: token.map((t) => `Bearer ${t}`) },
      { weight: 1, arbitrary: token.map((t) => `bearer  ${t}`) },
      { weight: 1, arbitrary: token.map((t) => `Bearer\t${t}`) },
      { weight: 1, arbitrary: token },
      { weight: 1, arbitrary: fc.constantFrom('Bearer', 'Bearer ', 'Basic', 'Token abc', 'Bearer a b', `Basic ${Buffer.from('operator:secret').toString('base64')}`, `Bearer ${'x'.repeat(10_000)}`) },
      { weight: 1, arbitrary: headerText(200) },
      { weight: 1, arbitrary: fc.constant(`Bearer ${TEST_OPERATOR_TOKEN}`).map((valid) => `${valid},${valid}`) },
    )
    .filter((value) => value.trim() !== '');
}

/** Whether the server refuses a request with a made-up bearer token (it ignores the header until auth lands). */
export async function isCredentialCheckEnforced(url: string): Promise<boolean> {
  const answer = await sendGraphQL(url, { query: '{ __typename }' }, { authorization: 'Bearer fuzz-probe-not-a-token' });
  return answer.status === 401 || answer.status === 403 || (answer.payloads[0]?.errors?.length ?? 0) > 0;
}
