import type { ProcessEdge, ProcessStep } from './types';

/** Node shapes and colours: a person's step stands out from the workflow's own. */
const SHAPES: Record<ProcessStep['kind'], [string, string]> = {
  person: ['([', '])'],
  system: ['[', ']'],
  end: ['(', ')'],
};

/** Mermaid's class names (`end` is a keyword of flowcharts). */
export const NODE_CLASSES: Record<ProcessStep['kind'], string> = { person: 'personStep', system: 'systemStep', end: 'endStep' };

const CLASS_STYLES = [
  'classDef personStep fill:#fff3e0,stroke:#e65100,stroke-width:2px,color:#000',
  'classDef systemStep fill:#e3f2fd,stroke:#1565c0,color:#000',
  'classDef endStep fill:#eeeeee,stroke:#616161,color:#000',
  'classDef numbered stroke-dasharray:6 3',
];

/** Text inside a quoted mermaid label: quotes and markup characters as entities. */
function quote(text: string): string {
  return `"${text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;')}"`;
}

/**
 * Mermaid flowchart text for a process graph. Labels come from the caller (the catalog in the
 * user's language); node ids are positional, since step names hold dashes and keywords.
 */
export function buildFlowchart(
  graph: { steps: readonly ProcessStep[]; edges: readonly ProcessEdge[] },
  labels: { step: (step: ProcessStep) => string; edge: (when: string) => string },
): string {
  const ids = new Map(graph.steps.map((step, i) => [step.id, `s${i}`]));
  const lines = ['flowchart TD'];
  for (const step of graph.steps) {
    const [open, close] = SHAPES[step.kind];
    lines.push(`  ${ids.get(step.id)}${open}${quote(labels.step(step))}${close}:::${NODE_CLASSES[step.kind]}`);
  }
  // A numbered step (approval level 1, 2…) also has a dashed border.
  const numbered = graph.steps.filter((step) => step.numbered).map((step) => ids.get(step.id));
  if (numbered.length > 0) lines.push(`  class ${numbered.join(',')} numbered`);
  for (const edge of graph.edges) {
    const from = ids.get(edge.from);
    const to = ids.get(edge.to);
    // An arrow to a step the graph does not list cannot be drawn (domain/process.ts checks this).
    if (!from || !to) continue;
    lines.push(edge.when ? `  ${from} -->|${quote(labels.edge(edge.when))}| ${to}` : `  ${from} --> ${to}`);
  }
  lines.push(...CLASS_STYLES.map((style) => `  ${style}`));
  return lines.join('\n');
}
