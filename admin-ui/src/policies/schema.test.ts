import { emptyValue, fieldLabelKey, fieldsOf, memberOf, setAt, wordsOf, type JsonSchema } from './schema';

const action: JsonSchema = {
  anyOf: [
    { type: 'object', properties: { notify: { type: 'string', const: 'supervisor' } }, required: ['notify'] },
    { type: 'object', properties: { widenToRoles: { type: 'array', items: { type: 'string', enum: ['approver', 'executor'] }, minItems: 1 } }, required: ['widenToRoles'] },
  ],
};
const schema: JsonSchema = {
  type: 'object',
  properties: {
    minutes: { type: 'integer', minimum: 1, default: 30 },
    levels: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, onOverdue: { type: 'array', items: { $ref: '#/$defs/Action' } } }, required: ['name'] } },
    windows: { type: 'object', properties: { weekends: { type: 'boolean' } } },
  },
  $defs: { Action: action },
};

describe('forms from a policy JSON schema', () => {
  it('lists every field, union members and $refs included, groups marked', () => {
    expect(fieldsOf(schema).map(({ path, group }) => fieldLabelKey('p', path, group))).toEqual([
      'app.policy_fields.p.minutes',
      'app.policy_fields.p.levels._',
      'app.policy_fields.p.levels.name',
      'app.policy_fields.p.levels.onOverdue._',
      'app.policy_fields.p.levels.onOverdue.notify',
      'app.policy_fields.p.levels.onOverdue.widenToRoles',
      'app.policy_fields.p.windows._',
      'app.policy_fields.p.windows.weekends',
    ]);
  });

  it('labels a changed path without its list indexes', () => {
    expect(fieldLabelKey('disconnection', ['approvalLevels', '0', 'slaMinutes'], false)).toBe('app.policy_fields.disconnection.approvalLevels.slaMinutes');
  });

  it('collects the words fields may take', () => {
    expect(wordsOf(schema).sort()).toEqual(['approver', 'executor', 'supervisor']);
  });

  it('tells union members apart by their fields', () => {
    expect(memberOf(action.anyOf!, { widenToRoles: ['approver'] }, schema)).toBe(1);
    expect(memberOf(action.anyOf!, { notify: 'supervisor' }, schema)).toBe(0);
  });

  it('makes new items from defaults, constants and required fields', () => {
    expect(emptyValue(schema.properties!.levels!.items!, schema)).toEqual({ name: '' });
    expect(emptyValue(action, schema)).toEqual({ notify: 'supervisor' });
    expect(emptyValue(schema.properties!.minutes!, schema)).toBe(30);
  });

  it('sets a value deep inside without touching the original', () => {
    const value = { levels: [{ name: 'a' }, { name: 'b' }] };
    expect(setAt(value, ['levels', 1, 'name'], 'c')).toEqual({ levels: [{ name: 'a' }, { name: 'c' }] });
    expect(value.levels[1]!.name).toBe('b');
    expect(setAt({ a: 1, b: 2 }, ['b'], undefined)).toEqual({ a: 1 });
  });
});
