/**
 * The pricing plans (资费套餐) a clerk may choose for a line: the policy's (in force, answered
 * with the line's lookup), and the line's own first when the policy no longer offers it. The
 * catalogs word the known plans; a plan they do not know shows as its code.
 */
export function planChoices(current: string, offered: readonly string[]): string[] {
  return offered.includes(current) ? [...offered] : [current, ...offered];
}
