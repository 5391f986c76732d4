import type { MouseEvent } from 'react';
import { Link, useCanAccess, useCreatePath, useFieldValue, type FieldProps } from 'react-admin';

/**
 * Opens the case a record belongs to (work orders, messages): the way auditors trace back.
 * Roles that may not open cases (administrators) see the number only.
 */
export const CaseLink = ({ source = 'caseId' }: FieldProps) => {
  const createPath = useCreatePath();
  const caseId = useFieldValue({ source });
  const { canAccess } = useCanAccess({ resource: 'cases', action: 'show' });
  if (caseId === null || caseId === undefined) return null;
  if (!canAccess) return <>#{caseId}</>;
  return (
    // stopPropagation: a click on the link must not also trigger the row's own click.
    <Link to={createPath({ resource: 'cases', id: caseId, type: 'show' })} onClick={(event: MouseEvent) => event.stopPropagation()}>
      #{caseId}
    </Link>
  );
};
