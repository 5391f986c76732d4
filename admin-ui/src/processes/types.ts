import type { Identifier } from 'react-admin';
import type { CaseType, ProcessId } from '../../../domain/processes';

/** A step of a process's graph as GET /api/processes answers it. */
export interface ProcessStep {
  id: string;
  kind: 'person' | 'system' | 'end';
  numbered: boolean;
  task?: string;
}

export interface ProcessEdge {
  from: string;
  to: string;
  /** Catalog code of the arrow's label (`app.graph.<when>`). */
  when?: string;
}

export interface StepDuration {
  step: string;
  count: number;
  p50Seconds: number;
  p95Seconds: number;
}

/** A registered process with its live counts (GET /api/processes, /api/processes/:id). */
export interface Process {
  id: ProcessId;
  caseType: CaseType;
  policyKey: string;
  start: string;
  steps: ProcessStep[];
  edges: ProcessEdge[];
  openCases: number;
  waiting: { step: string; count: number }[];
  /** Over the last DURATION_WINDOW_DAYS days. */
  durations: StepDuration[];
  policy: { id: Identifier; version: number; effectiveAt: string | null } | null;
}

/** The window the API measures durations over (api/processes/catalogue.ts). */
export const DURATION_WINDOW_DAYS = 30;
