import { DEFAULT_DISCONNECTION_POLICY } from './policy';
import { CommandFacts, judgeCommand, judgeWindow, nextAllowedMoment } from './protection';

const china = (local: string) => Date.parse(`${local.replace(' ', 'T')}:00+08:00`);
const policy = DEFAULT_DISCONNECTION_POLICY;
const inArrears: CommandFacts = { protected: false, type: 'residential', arrearsFen: 12_850, supplyStatus: 'connected', hasRemoteMeter: true };
const tuesdayMorning = china('2026-11-24 10:00');

describe('judgeCommand', () => {
  it('proceeds for a connected customer in arrears during working hours', () => {
    expect(judgeCommand(inArrears, tuesdayMorning, policy)).toEqual({ verdict: 'proceed' });
    expect(judgeCommand({ ...inArrears, type: 'non_residential' }, tuesdayMorning, policy)).toEqual({ verdict: 'proceed' });
  });

  describe('never', () => {
    it('disconnects a protected customer, and says why they are protected', () => {
      expect(judgeCommand({ ...inArrears, protected: true, protectionReason: 'home oxygen concentrator' }, tuesdayMorning, policy)).toEqual({
        verdict: 'never',
        code: 'PROTECTED',
        reason: 'Customer is protected (home oxygen concentrator) and is never disconnected',
      });
    });

    it('disconnects a protected customer whose reason was not recorded', () => {
      for (const protectionReason of [undefined, null, '  ']) {
        expect(judgeCommand({ ...inArrears, protected: true, protectionReason }, tuesdayMorning, policy)).toMatchObject({
          verdict: 'never',
          code: 'PROTECTED',
          reason: 'Customer is protected and is never disconnected',
        });
      }
    });

    it('lets protection win over every other verdict, bad data included', () => {
      const saturdayNight = china('2026-11-21 23:00');
      for (const facts of [{ arrearsFen: 0 }, { supplyStatus: 'disconnected' as const }, { arrearsFen: Number.NaN }]) {
        expect(judgeCommand({ ...inArrears, ...facts, protected: true }, saturdayNight, policy)).toMatchObject({ verdict: 'never', code: 'PROTECTED' });
      }
    });

    it('disconnects a customer already disconnected', () => {
      expect(judgeCommand({ ...inArrears, supplyStatus: 'disconnected' }, tuesdayMorning, policy)).toMatchObject({ verdict: 'never', code: 'ALREADY_DISCONNECTED' });
    });
  });

  describe('excluded', () => {
    it.each([0, -500])('drops a customer who paid (arrears %d fen)', (arrearsFen) => {
      expect(judgeCommand({ ...inArrears, arrearsFen }, tuesdayMorning, policy)).toEqual({
        verdict: 'excluded',
        code: 'PAID',
        reason: 'No arrears remain: the customer has paid since the application',
      });
    });

    it('excludes a customer without a remote meter: there is nothing to command', () => {
      expect(judgeCommand({ ...inArrears, hasRemoteMeter: false }, tuesdayMorning, policy)).toEqual({
        verdict: 'excluded',
        code: 'NO_METER',
        reason: 'No remote meter on record; disconnect on site',
      });
    });

    it('still never trips a protected customer who has no meter, and says why', () => {
      expect(judgeCommand({ ...inArrears, protected: true, hasRemoteMeter: false }, tuesdayMorning, policy)).toMatchObject({ code: 'PROTECTED' });
    });

    it('excludes a paid customer rather than defer them', () => {
      expect(judgeCommand({ ...inArrears, arrearsFen: 0 }, china('2026-11-21 10:00'), policy)).toMatchObject({ verdict: 'excluded' });
    });
  });

  describe('defer', () => {
    it.each([
      ['NIGHT', '2026-11-24 23:30', '2026-11-25 07:00', 'No commands at night (22:00–07:00 China time); next allowed 2026-11-25 07:00 China time'],
      ['AFTER_CUTOFF', '2026-11-20 16:00', '2026-11-23 07:00', 'No commands start after 16:00, so that a customer cut off by mistake can be reconnected the same day; next allowed 2026-11-23 07:00 China time'],
      ['WEEKEND', '2026-11-21 10:00', '2026-11-23 07:00', 'No commands on weekends; next allowed 2026-11-23 07:00 China time'],
      ['HOLIDAY', '2026-10-05 10:00', '2026-10-08 07:00', 'No commands on public holidays; next allowed 2026-10-08 07:00 China time'],
    ])('%s at %s until %s', (code, now, until, reason) => {
      expect(judgeCommand(inArrears, china(now), policy)).toEqual({ verdict: 'defer', code, until: china(until), reason });
    });

    it('defers to the same moment nextAllowedMoment gives', () => {
      const now = Date.parse('2026-11-22T22:30:00Z');
      expect(judgeCommand(inArrears, now, policy)).toMatchObject({ verdict: 'defer', code: 'NIGHT', until: nextAllowedMoment(now, policy) });
    });
  });

  it.each([Number.NaN, 1.5, Infinity])('refuses arrears it cannot read (%p) rather than guess', (arrearsFen) => {
    expect(() => judgeCommand({ ...inArrears, arrearsFen }, tuesdayMorning, policy)).toThrow(RangeError);
  });
});

describe('judgeWindow', () => {
  it('is null when commands are allowed', () => {
    expect(judgeWindow(tuesdayMorning, policy)).toBeNull();
  });

  it('gives the same deferral as the gate, whoever the customer is', () => {
    const night = china('2026-11-24 23:30');
    expect(judgeWindow(night, policy)).toEqual(judgeCommand(inArrears, night, policy));
    expect(judgeWindow(night, policy)).toMatchObject({ code: 'NIGHT', until: china('2026-11-25 07:00') });
  });

  it('leaves protection to the gate: a protected customer is never deferred, but never tripped', () => {
    const night = china('2026-11-24 23:30');
    expect(judgeCommand({ ...inArrears, protected: true }, night, policy)).toMatchObject({ verdict: 'never', code: 'PROTECTED' });
  });
});
