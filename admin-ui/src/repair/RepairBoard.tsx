import RefreshIcon from '@mui/icons-material/Refresh';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import MuiButton from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { Link, Loading, RecordContextProvider, Title, useCanAccess, useCreatePath, useGetList, useTranslate } from 'react-admin';
import { REPAIR_PRIORITIES, type RepairCrew, type RepairOrder, type RepairTeam } from '../../../domain/contracts/repair';
import { useApiErrorMessage } from '../common/apiErrors';
import { BOARD_GROUPS, groupForBoard, type BoardGroup } from './boardGroups';
import { CategoryField, RepairCustomerField, RepairPriorityField, SlaField } from './fields';
import { useRepairCrews } from './useRepairCrews';
import { useRepairTeams } from './useRepairTeams';

/** The most open orders the board loads at once (oldest first: the ones most at risk). */
const BOARD_SIZE = 500;
const REFRESH_MS = 60_000;

/** Who may use the board: dispatchers, who list repair orders and assign tasks. */
export function useCanUseBoard(): boolean {
  const { canAccess: canList } = useCanAccess({ resource: 'repair_orders', action: 'list' });
  const { canAccess: canAssign } = useCanAccess({ resource: 'tasks', action: 'assign' });
  return Boolean(canList && canAssign);
}

/**
 * 调度看板: open orders by the step they wait at (overdue first, then by priority) with their
 * SLA state, and the load of each crew (班组) and crew member; an order awaiting dispatch opens its dispatch task.
 */
export const RepairBoard = () => {
  const translate = useTranslate();
  const canUse = useCanUseBoard();
  const [priority, setPriority] = useState('');
  const describeError = useApiErrorMessage();
  const { data, total, isPending, error, refetch } = useGetList<RepairOrder>(
    'repair_orders',
    { filter: { state: 'open', ...(priority ? { priority } : {}) }, pagination: { page: 1, perPage: BOARD_SIZE }, sort: { field: 'openedAt', order: 'ASC' } },
    { enabled: canUse },
  );
  const { crews, reload } = useRepairCrews();
  const { teams, reload: reloadTeams } = useRepairTeams();
  const refresh = () => {
    void refetch();
    reload();
    reloadTeams();
  };
  useEffect(() => {
    const timer = setInterval(() => {
      void refetch();
      reload();
      reloadTeams();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refetch, reload, reloadTeams]);

  if (!canUse) return null;
  const groups = groupForBoard(data ?? []);
  return (
    <Box sx={{ padding: 2 }}>
      <Title title="app.repair_order.board.title" />
      <Stack direction="row" spacing={2} sx={{ marginBottom: 2, alignItems: 'center' }}>
        <TextField select size="small" label={translate('resources.repair_orders.fields.priority')} value={priority} onChange={(event) => setPriority(event.target.value)} sx={{ minWidth: 180 }} data-testid="repair-board-priority">
          <MenuItem value="">{translate('app.repair_order.board.all_priorities')}</MenuItem>
          {REPAIR_PRIORITIES.map((p) => (
            <MenuItem key={p} value={p}>
              {translate(`app.repair_order.priority.${p}`)}
            </MenuItem>
          ))}
        </TextField>
        <MuiButton startIcon={<RefreshIcon />} onClick={refresh}>
          {translate('app.repair_order.board.refresh')}
        </MuiButton>
        {total !== undefined && total > BOARD_SIZE && <Typography variant="body2">{translate('app.repair_order.board.truncated', { count: BOARD_SIZE })}</Typography>}
      </Stack>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, lg: 9 }}>
          <Typography variant="h6" component="h2" gutterBottom>
            {translate('app.repair_order.board.orders')}
          </Typography>
          {error && <Alert severity="error">{describeError(error)}</Alert>}
          {isPending ? (
            <Loading />
          ) : (
            <Grid container spacing={2}>
              {BOARD_GROUPS.filter((group) => group !== 'other' || groups.other.length > 0).map((group) => (
                <Grid key={group} size={{ xs: 12, md: 6, xl: 4 }}>
                  <BoardColumn group={group} orders={groups[group]} />
                </Grid>
              ))}
            </Grid>
          )}
        </Grid>
        <Grid size={{ xs: 12, lg: 3 }}>
          <TeamLoad teams={teams} />
          <CrewLoad crews={crews} />
        </Grid>
      </Grid>
    </Box>
  );
};

const BoardColumn = ({ group, orders }: { group: BoardGroup; orders: RepairOrder[] }) => {
  const translate = useTranslate();
  const overdue = orders.filter((order) => order.overdue).length;
  return (
    <Box component="section" data-testid={`repair-board-${group}`}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', marginBottom: 1 }}>
        <Typography variant="subtitle1" component="h3">
          {translate(`app.repair_order.board.group.${group}`)} ({orders.length})
        </Typography>
        {overdue > 0 && <Chip size="small" color="error" label={translate('app.repair_order.board.overdue_count', { count: overdue })} />}
      </Stack>
      {orders.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          {translate('app.repair_order.board.empty')}
        </Typography>
      )}
      <Stack spacing={1}>
        {orders.map((order) => (
          <RecordContextProvider key={order.id} value={order}>
            <OrderCard order={order} />
          </RecordContextProvider>
        ))}
      </Stack>
    </Box>
  );
};

const OrderCard = ({ order }: { order: RepairOrder }) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  return (
    <Card variant="outlined" sx={{ borderColor: order.overdue ? 'error.main' : undefined, borderWidth: order.overdue ? 2 : 1 }} data-testid={`repair-board-order-${order.orderNo}`}>
      <CardContent sx={{ padding: 1.5, '&:last-child': { paddingBottom: 1.5 } }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
          <Link to={createPath({ resource: 'repair_orders', id: order.id, type: 'show' })}>{order.orderNo}</Link>
          <RepairPriorityField />
        </Stack>
        <Stack spacing={0.5} sx={{ marginTop: 0.5 }}>
          <CategoryField />
          <Typography variant="body2">{order.place}</Typography>
          <RepairCustomerField />
          <SlaField />
          {order.crewName && <Typography variant="body2">{`${translate('resources.repair_orders.fields.crewName')}: ${order.crewName}`}</Typography>}
          {!order.crewName && order.crewTeamName && <Typography variant="body2">{translate('app.repair_order.board.waiting_for_crew', { name: order.crewTeamName })}</Typography>}
        </Stack>
        {order.openTaskId && (
          <MuiButton
            component={Link}
            to={createPath({ resource: 'tasks', id: order.openTaskId, type: 'show' })}
            size="small"
            variant={order.openTaskStep === 'repair-dispatch' ? 'contained' : 'text'}
            sx={{ marginTop: 1 }}
            data-testid={`repair-board-task-${order.orderNo}`}
          >
            {translate(order.openTaskStep === 'repair-dispatch' ? 'app.repair_order.board.dispatch' : 'app.repair_order.board.open_task')}
          </MuiButton>
        )}
      </CardContent>
    </Card>
  );
};

/** Each crew's (班组) open orders, its members' included, the busiest first; its active members by name. */
const TeamLoad = ({ teams }: { teams: RepairTeam[] | undefined }) => {
  const translate = useTranslate();
  return (
    <Box component="section" data-testid="repair-board-teams" sx={{ marginBottom: 2 }}>
      <Typography variant="h6" component="h2" gutterBottom>
        {translate('app.repair_order.board.teams')}
      </Typography>
      {teams === undefined ? (
        <Loading />
      ) : teams.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {translate('app.repair_order.board.no_teams')}
        </Typography>
      ) : (
        <List dense>
          {[...teams]
            .sort((a, b) => b.openOrders - a.openOrders || a.name.localeCompare(b.name))
            .map((team) => (
              <ListItem key={team.code} data-testid={`repair-team-${team.code}`}>
                <ListItemText
                  primary={team.name}
                  secondary={
                    <>
                      {translate('app.repair_order.board.team_load', { members: team.members.length, count: team.openOrders })}
                      {team.members.length > 0 && (
                        <>
                          <br />
                          {translate('app.repair_order.board.team_members', { names: team.members.map((member) => member.name).join('、') })}
                        </>
                      )}
                    </>
                  }
                />
              </ListItem>
            ))}
        </List>
      )}
    </Box>
  );
};

/** Each crew member's open orders, the busiest first. */
const CrewLoad = ({ crews }: { crews: RepairCrew[] | undefined }) => {
  const translate = useTranslate();
  return (
    <Box component="section" data-testid="repair-board-crews">
      <Typography variant="h6" component="h2" gutterBottom>
        {translate('app.repair_order.board.crews')}
      </Typography>
      {crews === undefined ? (
        <Loading />
      ) : crews.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {translate('app.repair_order.board.no_crews')}
        </Typography>
      ) : (
        <List dense>
          {[...crews]
            .sort((a, b) => b.openOrders - a.openOrders || a.name.localeCompare(b.name))
            .map((crew) => (
              <ListItem key={crew.id} data-testid={`repair-crew-${crew.id}`}>
                <ListItemText primary={crew.name} secondary={translate('app.repair_order.board.crew_load', { count: crew.openOrders })} />
              </ListItem>
            ))}
        </List>
      )}
    </Box>
  );
};
