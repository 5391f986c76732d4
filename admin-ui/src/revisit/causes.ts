import type { CauseCategory } from '../../../domain/revisit/policy';

/**
 * The revisit policy's cause tree (原因分类) as the back office shows it: two levels, a cause's
 * word from the catalog by its code (`app.revisit.cause.<code>`), else the name the designer
 * gave it. Only the leaves may be recorded (domain/revisit/forms.ts `leafCauseCodes`).
 */

/** A cause's word: `translate(app.revisit.cause.<code>, { _: name })`. */
export type CauseWord = (code: string, name: string) => string;
/** A leaf under its parent, e.g. "服务态度 / 态度生硬". */
export type CausePath = (parent: string, child: string) => string;

export interface CauseChoice {
  id: string;
  name: string;
}

const isCategory = (value: unknown): value is CauseCategory =>
  typeof value === 'object' && value !== null && typeof (value as CauseCategory).code === 'string' && Array.isArray((value as CauseCategory).children);

/** The tree from a task's payload, whatever it holds: anything not shaped like a category is left out. */
export function causeTreeOf(value: unknown): CauseCategory[] {
  return Array.isArray(value) ? value.filter(isCategory) : [];
}

/** The choices of a cause select: every leaf, labelled with its parent; the parents themselves are not choices. */
export function causeChoices(causes: readonly CauseCategory[], word: CauseWord, path: CausePath): CauseChoice[] {
  return causes.flatMap((parent) =>
    parent.children.map((child) => ({ id: child.code, name: path(word(parent.code, parent.name), word(child.code, child.name)) })),
  );
}

/** A recorded cause code in words: `parent / child` when the tree has it, else its word by code alone. */
export function causeLabel(causes: readonly CauseCategory[], code: string, word: CauseWord, path: CausePath): string {
  for (const parent of causes) {
    if (parent.code === code) return word(parent.code, parent.name);
    const child = parent.children.find((leaf) => leaf.code === code);
    if (child) return path(word(parent.code, parent.name), word(child.code, child.name));
  }
  return word(code, code);
}
