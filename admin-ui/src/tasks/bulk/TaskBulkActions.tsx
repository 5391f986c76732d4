import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import GavelIcon from '@mui/icons-material/Gavel';
import PanToolIcon from '@mui/icons-material/PanTool';
import UndoIcon from '@mui/icons-material/Undo';
import { useState } from 'react';
import { Button, usePermissions } from 'react-admin';
import { can, type Action, type Role } from '../../../../domain/permissions';
import { UserPickerDialog } from '../actions/UserPickerDialog';
import { BulkApprovalDialog } from './BulkApprovalDialog';
import { BulkResultDialog } from './BulkResultDialog';
import { useBulkTasks } from './useBulkTasks';

/** The step whose form is one decision and one opinion: the only one done for many tasks at once. */
const APPROVAL_STEP = 'disconnection-approval';

type Open = 'assign' | 'approval' | null;

/**
 * The inbox's actions on the selected tasks: claim, release, assign to one person, and
 * approve or reject approvals with one opinion. Each task is tried on its own; the result
 * dialog lists which were done and why the others were refused.
 */
export const TaskBulkActions = () => {
  const { permissions } = usePermissions<Role[]>();
  const { selectedIds, selected, run, isPending, outcome, close } = useBulkTasks();
  const [open, setOpen] = useState<Open>(null);
  const allowed = (action: Action) => can(permissions ?? [], 'tasks', action);
  // Only when every selected task is on this page and waits for an approval.
  const allApprovals = selected.length === selectedIds.length && selected.length > 0 && selected.every((task) => task.step === APPROVAL_STEP && task.state === 'open');

  const runAndClose = async (request: Parameters<typeof run>[0]) => {
    if (await run(request)) setOpen(null);
  };
  return (
    <>
      {allowed('claim') && (
        <Button label="app.task.action.claim" disabled={isPending} onClick={() => void run({ action: 'claim' })} data-testid="bulk-claim">
          <PanToolIcon />
        </Button>
      )}
      {allowed('release') && (
        <Button label="app.task.action.release" disabled={isPending} onClick={() => void run({ action: 'release' })} data-testid="bulk-release">
          <UndoIcon />
        </Button>
      )}
      {allowed('assign') && selectedIds.length > 0 && (
        <Button label="app.task.action.assign" disabled={isPending} onClick={() => setOpen('assign')} data-testid="bulk-assign">
          <AssignmentIndIcon />
        </Button>
      )}
      {allowed('complete') && allApprovals && (
        <Button label="app.task.bulk.approval" disabled={isPending} onClick={() => setOpen('approval')} data-testid="bulk-approval">
          <GavelIcon />
        </Button>
      )}
      {open === 'assign' && (
        <UserPickerDialog
          taskId={selectedIds[0]!}
          purpose="assign"
          title="app.task.bulk.assign_title"
          help="app.task.bulk.assign_help"
          confirmLabel="app.task.action.assign"
          isPending={isPending}
          onCancel={() => setOpen(null)}
          onConfirm={(userId) => void runAndClose({ action: 'assign', userId })}
        />
      )}
      {open === 'approval' && (
        <BulkApprovalDialog
          count={selectedIds.length}
          isPending={isPending}
          onCancel={() => setOpen(null)}
          onConfirm={(result) => void runAndClose({ action: 'complete', result })}
        />
      )}
      {outcome && <BulkResultDialog outcome={outcome} onClose={close} />}
    </>
  );
};
