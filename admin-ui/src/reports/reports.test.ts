import { REPORT_NAMES } from '../../../domain/reports/names';
import en from '../i18n/en';
import { i18nProvider } from '../i18n/i18nProvider';
import zhCN from '../i18n/zh-CN';
import { casesLink } from './casesLink';
import { filterFromSearch, reportQuery, searchOfFilter } from './period';
import { causeWord, processWord, teamWord } from './revisitsWords';

describe('report pages', () => {
  it('open the cases behind a figure as a filtered case list', () => {
    const link = casesLink([3, 7]);
    expect(link.startsWith('/cases?')).toBe(true);
    const params = new URLSearchParams(link.slice('/cases?'.length));
    expect(JSON.parse(params.get('filter')!)).toEqual({ ids: [3, 7] });
  });

  it('keep their filter in the address, falling back to the last 30 days', () => {
    const now = Date.parse('2025-03-10T00:00:00Z');
    expect(filterFromSearch(new URLSearchParams('from=2025-03-01&to=2025-03-02&office=SEG-A'), now)).toEqual({ from: '2025-03-01', to: '2025-03-02', office: 'SEG-A' });
    expect(filterFromSearch(new URLSearchParams('from=yesterday'), now)).toEqual({ from: '2025-02-09', to: '2025-03-10' });
    expect(searchOfFilter({ from: '2025-03-01', to: '2025-03-02' })).toEqual({ from: '2025-03-01', to: '2025-03-02' });
    expect(reportQuery({ from: '2025-03-01', to: '2025-03-02', office: 'SEG-A' }, 'csv')).toBe('from=2025-03-01&to=2025-03-02&office=SEG-A&format=csv');
  });

  it('name every report on its tab in both languages', () => {
    const at = (catalog: object, key: string) => key.split('.').reduce<unknown>((node, part) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined), catalog);
    for (const catalog of [zhCN, en]) {
      const unnamed = REPORT_NAMES.filter((name) => {
        const word = at(catalog, `app.reports.names.${name}`);
        return typeof word !== 'string' || word.trim() === '';
      });
      expect(unnamed).toEqual([]);
    }
  });
});

describe('the revisits report', () => {
  const translate = (key: string, options?: Record<string, unknown>) => i18nProvider.translate(key, options);
  afterAll(() => i18nProvider.changeLocale('zh-CN'));

  it('words processes, teams and causes in Chinese', async () => {
    await i18nProvider.changeLocale('zh-CN');
    expect(processWord('relocation', translate)).toBe('市话移机');
    expect(teamWord({ team: 'T-07', teamName: '城东施工队' }, translate)).toBe('城东施工队');
    expect(teamWord({ team: 'T-07', teamName: null }, translate)).toBe('T-07');
    expect(teamWord({ team: null, teamName: null }, translate)).toBe('无班组或施工队');
    expect(causeWord('attitude', translate)).toBe('服务态度');
    expect(causeWord(null, translate)).toBe('尚未联系上');
  });

  it('words them in English, and shows a cause the catalogs do not know as recorded', async () => {
    await i18nProvider.changeLocale('en');
    expect(processWord('repair', translate)).toBe('Repair');
    expect(teamWord({ team: null, teamName: null }, translate)).toBe('No crew or team');
    expect(causeWord('timeliness', translate)).toBe('Timeliness');
    expect(causeWord(null, translate)).toBe('Not reached yet');
    expect(causeWord('noise-complaint', translate)).toBe('noise-complaint');
  });
});
