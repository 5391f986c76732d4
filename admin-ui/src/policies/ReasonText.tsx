import { useTranslate } from 'react-admin';
import type { PolicyVersion } from './types';

/** A designer's reason as written; a version the system wrote is named by its origin, in the UI's language. */
export const ReasonText = ({ version }: { version: Pick<PolicyVersion, 'origin' | 'reason'> }) => {
  const translate = useTranslate();
  return <>{version.reason ?? translate(`app.policy.origin.${version.origin}`)}</>;
};
