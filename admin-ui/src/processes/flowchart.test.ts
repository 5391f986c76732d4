import { PROCESSES } from '../../../domain/processes';
import { buildFlowchart } from './flowchart';
import type { ProcessStep } from './types';

const disconnection = PROCESSES.find((process) => process.id === 'disconnection')!;
const graph = {
  steps: Object.entries(disconnection.steps).map(([id, def]) => ({ id, numbered: false, ...def }) as ProcessStep),
  edges: [...disconnection.edges],
};

describe('a process diagram as mermaid text', () => {
  const text = buildFlowchart(graph, { step: (step) => `«${step.id}»`, edge: (when) => `‹${when}›` });

  it('draws every step once, by the label it is given, shaped and classed by kind', () => {
    expect(text.split('\n')[0]).toBe('flowchart TD');
    for (const [i, step] of graph.steps.entries()) {
      const nodes = text.split('\n').filter((line) => line.startsWith(`  s${i}`) && !line.includes('-->'));
      expect(nodes).toHaveLength(1);
      expect(nodes[0]).toContain(`"«${step.id}»"`);
    }
    expect(text).toContain('s1(["«approval»"]):::personStep');
    expect(text).toContain('class s1 numbered');
    expect(text).toContain('s0["«started»"]:::systemStep');
    expect(text).toContain('s2("«rejected»"):::endStep');
  });

  it('draws every arrow, labelled when it has a condition', () => {
    expect(text).toContain('s1 -->|"‹approved›"| s3');
    expect(text).toContain('s0 --> s1');
    expect(text.split('\n').filter((line) => line.includes('-->'))).toHaveLength(graph.edges.length);
  });

  it('keeps quotes and markup in labels from breaking the text', () => {
    const odd = buildFlowchart({ steps: [{ id: 'a', kind: 'system', numbered: false }], edges: [] }, { step: () => 'say "hi" <b>', edge: String });
    expect(odd).toContain('s0["say #quot;hi#quot; #lt;b#gt;"]');
  });
});
