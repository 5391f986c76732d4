import { z } from 'zod/v4';
import { HttpError } from './errors';
import { parseBody } from './validate';

const note = z.object({ text: z.string().min(1), reason: z.string().optional() });

function refusal(body: unknown, codeOf?: (field: string) => string | undefined): HttpError {
  try {
    parseBody(note, body, 'INVALID_NOTE', codeOf);
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error('accepted');
}

describe('parseBody', () => {
  it('answers the parsed body', () => {
    expect(parseBody(note, { text: 'hi', extra: 1 }, 'INVALID_NOTE')).toEqual({ text: 'hi' });
  });

  it("refuses with 400 and the route's code, every problem in the message and in details", () => {
    const err = refusal({ text: '', reason: 5 });
    expect([err.status, err.code]).toEqual([400, 'INVALID_NOTE']);
    expect(err.details).toEqual([
      { field: 'text', message: expect.any(String) },
      { field: 'reason', message: expect.any(String) },
    ]);
    expect(err.message).toMatch(/^text: .*; reason: /);
  });

  it('reads no body as {} and names what is missing; a body that is no object is the body\'s problem', () => {
    expect(refusal(undefined).details).toEqual([{ field: 'text', message: expect.any(String) }]);
    expect(refusal([1]).details).toEqual([{ field: '(body)', message: expect.any(String) }]);
  });

  it("takes the first problem's field's own code when the route has one", () => {
    expect(refusal({ text: 'ok', reason: 5 }, (field) => (field === 'reason' ? 'INVALID_REASON' : undefined)).code).toBe('INVALID_REASON');
    expect(refusal({ text: '' }, (field) => (field === 'reason' ? 'INVALID_REASON' : undefined)).code).toBe('INVALID_NOTE');
  });
});
