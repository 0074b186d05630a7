/**
 * The credentials test servers run with: a fixed operator token and token-signing secret, so tests
 * (and the server processes they spawn) can sign in as an operator and read each other's tokens.
 * Never used outside tests.
 */
export const TEST_OPERATOR_TOKEN = 'test-operator-token-0123456789abcdef0123456789abcdef';
export const TEST_TOKEN_SECRET = 'test-token-secret-0123456789abcdef0123456789abcdef0123';

/** `Authorization` header value for the operator. */
export const OPERATOR_AUTHORIZATION = `Bearer ${TEST_OPERATOR_TOKEN}`;

/** The environment variables a spawned `node src/main.ts` needs for these credentials. */
export function testAuthEnvironment(): Record<string, string> {
  return { ESBANK_OPERATOR_TOKEN: TEST_OPERATOR_TOKEN, ESBANK_TOKEN_SECRET: TEST_TOKEN_SECRET };
}
