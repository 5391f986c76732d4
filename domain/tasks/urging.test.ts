import { DEFAULT_TASK_SETTINGS, parseTaskSettings } from './urging';

describe('parseTaskSettings', () => {
  it('keeps a valid interval, the default among them', () => {
    expect(parseTaskSettings(DEFAULT_TASK_SETTINGS)).toEqual(DEFAULT_TASK_SETTINGS);
    // Settings saved before the SMS templates read with the default texts.
    expect(parseTaskSettings({ urgeSmsIntervalMinutes: 0 })).toEqual({ urgeSmsIntervalMinutes: 0, templates: DEFAULT_TASK_SETTINGS.templates });
    expect(parseTaskSettings({ urgeSmsIntervalMinutes: 120 })).toEqual({ urgeSmsIntervalMinutes: 120, templates: DEFAULT_TASK_SETTINGS.templates });
  });

  it('keeps the designers\' SMS templates and refuses a placeholder their message does not offer', () => {
    const templates = { taskOverdue: '{title} 超期（{taskId}）', taskUrged: '催办 {title}{reason}' };
    expect(parseTaskSettings({ urgeSmsIntervalMinutes: 5, templates }).templates).toEqual(templates);
    expect(() => parseTaskSettings({ urgeSmsIntervalMinutes: 5, templates: { ...templates, taskUrged: '催办 {customerName}' } })).toThrow('customerName');
  });

  it.each([null, [], 'x', {}, { urgeSmsIntervalMinutes: -1 }, { urgeSmsIntervalMinutes: 1.5 }, { urgeSmsIntervalMinutes: '30' }, { urgeSmsIntervalMinutes: 1e9 }, { other: 1 }])(
    'refuses %p',
    (raw) => {
      expect(() => parseTaskSettings(raw)).toThrow();
    },
  );
});

describe('taskSettingsSchema', () => {
  it('names the field and its bounds', () => {
    expect(() => parseTaskSettings({ urgeSmsIntervalMinutes: -1 })).toThrow('urgeSmsIntervalMinutes must be whole minutes from 0 to 10080, got -1');
    expect(() => parseTaskSettings({ urgeSmsIntervalMinutes: 5, other: 1 })).toThrow('task settings has unknown field(s) other');
  });
});
