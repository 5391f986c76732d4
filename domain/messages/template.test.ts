import { assertTemplateUses, placeholdersOf, renderTemplate, TemplateError } from './template';

describe('message templates', () => {
  it('fills every placeholder', () => {
    expect(renderTemplate('尊敬的{name}，户号{customerNo}已复电', { name: '张三', customerNo: '0001' }))
      .toBe('尊敬的张三，户号0001已复电');
  });

  it('refuses to render with a value missing', () => {
    expect(() => renderTemplate('Hello {name}', {})).toThrow(TemplateError);
  });

  it('lists placeholders once each', () => {
    expect(placeholdersOf('{a} {b} {a}')).toEqual(['a', 'b']);
  });

  it('rejects placeholders the message does not offer', () => {
    expect(() => assertTemplateUses('{name} {nmae}', ['name'])).toThrow('{nmae}');
    expect(() => assertTemplateUses('{name}', ['name', 'time'])).not.toThrow();
  });
});
