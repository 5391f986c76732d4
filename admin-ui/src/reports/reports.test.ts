import { casesLink } from './casesLink';
import { filterFromSearch, reportQuery, searchOfFilter } from './period';

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
});
