import PanToolIcon from '@mui/icons-material/PanTool';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import Stack from '@mui/material/Stack';
import type { MouseEvent } from 'react';
import { Button, useCreatePath, useRecordContext, type FieldProps } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import type { Task } from '../types';
import { useTaskAbilities } from './useTaskAbilities';
import { useTaskAction } from './useTaskAction';

/**
 * A row's own buttons in the inbox: 认领 takes the task and stays on the list; 认领并办理
 * takes it and opens it, in one click. Neither opens the row on its way.
 */
export const RowActions = (_props: FieldProps) => {
  const task = useRecordContext<Task>();
  const { claim } = useTaskAbilities(task);
  const { run, isPending } = useTaskAction();
  const navigate = useNavigate();
  const createPath = useCreatePath();
  if (!task || !claim) return null;

  const claimOnly = (event: MouseEvent) => {
    event.stopPropagation();
    void run((api) => api.claimTask(task.id), 'app.task.done.claim');
  };
  const claimAndOpen = async (event: MouseEvent) => {
    event.stopPropagation();
    if (await run((api) => api.claimTask(task.id), 'app.task.done.claim')) navigate(createPath({ resource: 'tasks', type: 'show', id: task.id }));
  };
  return (
    <Stack direction="row" spacing={0.5} sx={{ whiteSpace: 'nowrap' }}>
      <Button label="app.task.action.claim" size="small" disabled={isPending} onClick={claimOnly} data-testid={`row-claim-${task.id}`}>
        <PanToolIcon />
      </Button>
      <Button label="app.task.action.claim_and_open" size="small" variant="outlined" disabled={isPending} onClick={claimAndOpen} data-testid={`row-claim-open-${task.id}`}>
        <PlayArrowIcon />
      </Button>
    </Stack>
  );
};
