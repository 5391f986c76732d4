import type { Segment } from '../types';
import { readerWarning } from './readerWarning';

const ME = 7;
const mine: Segment = { id: 'S1', code: 'S1', name: '幸福街道', collectorUserId: ME, collectorName: '李催费' };
const theirs: Segment = { id: 'S2', code: 'S2', name: '和平路', collectorUserId: 8, collectorName: '王抄表' };
const nobodys: Segment = { id: 'S3', code: 'S3', name: '新区', collectorUserId: null, collectorName: null };
const segments = [mine, theirs, nobodys];

describe('readerWarning', () => {
  it('says nothing when every picked customer is in my own segment', () => {
    expect(readerWarning({ scope: 'picked', pickedSegmentCodes: ['S1', 'S1'] }, segments, ME)).toEqual({ others: [], maybeOthers: false });
  });

  it('names the segments of picked customers that someone else, or nobody, reads', () => {
    expect(readerWarning({ scope: 'picked', pickedSegmentCodes: ['S3', 'S1', 'S2'] }, segments, ME).others).toEqual([theirs, nobodys]);
  });

  it('judges the chosen segment, whatever is ticked', () => {
    expect(readerWarning({ segmentCode: 'S2', scope: 'matching', pickedSegmentCodes: [] }, segments, ME).others).toEqual([theirs]);
    expect(readerWarning({ segmentCode: 'S1', scope: 'picked', pickedSegmentCodes: [] }, segments, ME).others).toEqual([]);
  });

  it('warns that "all matching" without a segment may reach others\' segments', () => {
    expect(readerWarning({ scope: 'matching', pickedSegmentCodes: [] }, segments, ME)).toEqual({ others: [], maybeOthers: true });
    expect(readerWarning({ scope: 'matching', pickedSegmentCodes: [] }, [mine], ME).maybeOthers).toBe(false);
  });

  it('leaves segments it does not know to the server', () => {
    expect(readerWarning({ scope: 'picked', pickedSegmentCodes: ['S9'] }, segments, ME).others).toEqual([]);
  });
});
