import { DEFAULT_TASK_SETTINGS, parseTaskSettings } from './urging';

describe('parseTaskSettings', () => {
  it('keeps a valid interval, the default among them', () => {
    expect(parseTaskSettings(DEFAULT_TASK_SETTINGS)).toEqual(DEFAULT_TASK_SETTINGS);
    expect(parseTaskSettings({ urgeSmsIntervalMinutes: 0 })).toEqual({ urgeSmsIntervalMinutes: 0 });
    expect(parseTaskSettings({ urgeSmsIntervalMinutes: 120 })).toEqual({ urgeSmsIntervalMinutes: 120 });
  });

  it.each([null, [], 'x', {}, { urgeSmsIntervalMinutes: -1 }, { urgeSmsIntervalMinutes: 1.5 }, { urgeSmsIntervalMinutes: '30' }, { urgeSmsIntervalMinutes: 1e9 }, { other: 1 }])(
    'refuses %p',
    (raw) => {
      expect(() => parseTaskSettings(raw)).toThrow();
    },
  );
});
