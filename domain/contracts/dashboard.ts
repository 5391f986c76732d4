/** The three numbers on the landing page (api/dashboard.ts). */
import { z } from 'zod/v4';

export const dashboardRecord = z
  .strictObject({
    myOpenTasks: z.int().min(0),
    overdueTasks: z.int().min(0),
    casesToday: z.int().min(0),
  })
  .meta({ id: 'Dashboard' });
export type Dashboard = z.infer<typeof dashboardRecord>;
