import FactCheckIcon from '@mui/icons-material/FactCheck';
import ManageSearchIcon from '@mui/icons-material/ManageSearch';
import TimelineIcon from '@mui/icons-material/Timeline';
import { Menu, useCanAccess, useTranslate } from 'react-admin';
import { Route } from 'react-router-dom';
import { AuditSearchPage } from './AuditSearchPage';
import { AuditTimelinePage } from './AuditTimelinePage';
import { VerifyChainPage } from './VerifyChainPage';

export { CaseAuditActions } from './CaseAuditActions';
export { AuditTimeline } from './AuditTimeline';

/** The auditor's pages, for <CustomRoutes>. */
export const auditRoutes = [
  <Route key="audit-timelines" path="/audit/timelines" element={<AuditTimelinePage />} />,
  <Route key="audit-timeline" path="/audit/timelines/:kind/:key" element={<AuditTimelinePage />} />,
  <Route key="audit-search" path="/audit/search" element={<AuditSearchPage />} />,
  <Route key="audit-verify" path="/audit/verify" element={<VerifyChainPage />} />,
];

/** The auditor's menu items, shown by the permission table (admins see verify only). */
export const AuditMenuItems = () => {
  const translate = useTranslate();
  const { canAccess: canSearch } = useCanAccess({ resource: 'audit', action: 'search' });
  const { canAccess: canVerify } = useCanAccess({ resource: 'audit', action: 'verify' });
  return (
    <>
      {canSearch && <Menu.Item to="/audit/timelines" primaryText={translate('app.audit.menu.timelines')} leftIcon={<TimelineIcon />} data-testid="menu-audit-timelines" />}
      {canSearch && <Menu.Item to="/audit/search" primaryText={translate('app.audit.menu.search')} leftIcon={<ManageSearchIcon />} data-testid="menu-audit-search" />}
      {canVerify && <Menu.Item to="/audit/verify" primaryText={translate('app.audit.menu.verify')} leftIcon={<FactCheckIcon />} data-testid="menu-audit-verify" />}
    </>
  );
};
