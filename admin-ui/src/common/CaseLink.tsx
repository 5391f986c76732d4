import type { MouseEvent } from 'react';
import { Link, useCreatePath, useFieldValue, type FieldProps } from 'react-admin';

/** Opens the case a record belongs to (work orders, messages): the way auditors trace back. */
export const CaseLink = ({ source = 'caseId' }: FieldProps) => {
  const createPath = useCreatePath();
  const caseId = useFieldValue({ source });
  if (caseId === null || caseId === undefined) return null;
  return (
    // stopPropagation: a click on the link must not also trigger the row's own click.
    <Link to={createPath({ resource: 'cases', id: caseId, type: 'show' })} onClick={(event: MouseEvent) => event.stopPropagation()}>
      #{caseId}
    </Link>
  );
};
