/**
 * Message templates are edited by workflow designers, so a typo must fail loudly when the
 * template is saved or used, never send "{nmae}" to a customer.
 */
const PLACEHOLDER = /\{([a-zA-Z][a-zA-Z0-9]*)\}/g;

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string))];
}

/** Checks a template uses only the placeholders its message offers. */
export function assertTemplateUses(template: string, allowed: readonly string[]): void {
  const unknown = placeholdersOf(template).filter((name) => !allowed.includes(name));
  if (unknown.length > 0) {
    throw new TemplateError(`unknown placeholder(s) ${unknown.map((n) => `{${n}}`).join(', ')}; allowed: ${allowed.map((n) => `{${n}}`).join(', ')}`);
  }
}

export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new TemplateError(`no value for placeholder {${name}}`);
    return value;
  });
}
