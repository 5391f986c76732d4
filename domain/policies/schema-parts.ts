/**
 * Pieces the three policy schemas share (domain/disconnection/policy.ts,
 * domain/reconnection/policy.ts, domain/tasks/urging.ts). Messages are phrased to follow the
 * field's path ("approvalLevels[0].name must be …"): policyRefusal() puts the two together, so
 * a designer reading the API's message sees which field is wrong, and the UI reads the path,
 * the zod code and its params instead.
 */
import { z } from 'zod/v4';
import { assertTemplateUses, TemplateError } from '../messages/template';
import { ROLES } from '../permissions';
import type { EscalationAction, HumanStepPolicy } from '../tasks/escalation';

/** A strict object (a misspelt field would otherwise be ignored and its default used unnoticed). */
export function strictGroup<Shape extends z.core.$ZodLooseShape>(shape: Shape, what = 'must be an object') {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `has unknown field(s) ${iss.keys.join(', ')}; known fields: ${known.join(', ')}` : what),
  });
}

export function wholeNumber(min: number, max: number) {
  const error = (iss: { input?: unknown }) => `must be a whole number from ${min} to ${max}, got ${JSON.stringify(iss.input)}`;
  return z.int({ error }).min(min, { error }).max(max, { error });
}

/** A text template that may only use its message's placeholders ({nmae} must never reach a customer). */
export function templateText(placeholders: readonly string[]) {
  return z
    .string({ error: 'must be non-empty text' })
    .refine((text) => text.trim() !== '', { error: 'must be non-empty text' })
    .superRefine((text, ctx) => {
      try {
        assertTemplateUses(text, placeholders);
      } catch (err) {
        if (!(err instanceof TemplateError)) throw err;
        ctx.addIssue({ code: 'custom', message: `: ${err.message}`, input: text, params: { code: 'UNKNOWN_PLACEHOLDER', allowed: [...placeholders] } });
      }
    });
}

const ACTION_MESSAGE = "must be {notify:'supervisor'}, {reassignTo:'supervisor'} or {widenToRoles:[roles]}";

export const escalationActionSchema: z.ZodType<EscalationAction> = z.union(
  [
    z.strictObject({ notify: z.literal('supervisor') }),
    z.strictObject({ reassignTo: z.literal('supervisor') }),
    z.strictObject({ widenToRoles: z.array(z.enum(ROLES)).min(1) }),
  ],
  { error: ACTION_MESSAGE },
);

/** A person's step: its SLA and what happens level by level when it passes (see tasks/escalation.ts). */
export function humanStepSchema(defaults: Partial<HumanStepPolicy> = {}) {
  const slaMinutes = z.int({ error: 'must be a whole number of minutes, at least 1' }).min(1, { error: 'must be a whole number of minutes, at least 1' });
  const onOverdue = z.array(escalationActionSchema, { error: 'must be a list' });
  return {
    slaMinutes: defaults.slaMinutes === undefined ? slaMinutes : slaMinutes.default(defaults.slaMinutes),
    onOverdue: onOverdue.prefault(() => structuredClone(defaults.onOverdue ?? [])),
  };
}

export const ROLE_LIST = ROLES.join(', ');

/** A zod issue path as designers write it: approvalLevels[0].name. */
export function pathText(path: readonly PropertyKey[], root: string): string {
  if (path.length === 0) return root;
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join('');
}

/** One sentence per issue; a message starting with ':' reads "path: message", others "path message". */
export function policyRefusal(issues: readonly z.core.$ZodIssue[], root: string): string {
  return issues
    .map((issue) => {
      const where = pathText(issue.path, root);
      return issue.message.startsWith(':') ? `${where}${issue.message}` : `${where} ${issue.message}`;
    })
    .join('; ');
}
