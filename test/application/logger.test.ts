import { describe, expect, it } from 'vitest';
import { createJsonLinesLogger, type LogLevelName } from '../../src/application/logger.ts';

function capture(level?: LogLevelName) {
  const lines: string[] = [];
  const output = { write: (text: string) => lines.push(text) };
  const logger = createJsonLinesLogger({ stdout: output, stderr: output, ...(level ? { level } : {}) });
  logger.info('i');
  logger.warn('w');
  logger.error('e');
  return lines.map((line) => (JSON.parse(line) as { message: string }).message);
}

describe('JSON lines logger levels', () => {
  it('writes info and above by default', () => {
    expect(capture()).toEqual(['i', 'w', 'e']);
  });
  it('drops entries below the configured level', () => {
    expect(capture('warn')).toEqual(['w', 'e']);
    expect(capture('error')).toEqual(['e']);
    expect(capture('debug')).toEqual(['i', 'w', 'e']);
  });
  it('writes nothing when silent', () => {
    expect(capture('silent')).toEqual([]);
  });
});
