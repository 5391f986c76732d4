import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import { useEffect, useId, useState } from 'react';
import { useTranslate } from 'react-admin';
import { buildFlowchart } from './flowchart';
import type { Process } from './types';
import { useDiagramLabels } from './useProcessLabels';

// Mermaid is large: it loads with the first diagram, not with the back office.
let mermaidReady: Promise<typeof import('mermaid').default> | undefined;
function loadMermaid() {
  mermaidReady ??= import('mermaid').then(({ default: mermaid }) => {
    // strict: labels are text, never markup or links.
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral', flowchart: { htmlLabels: false } });
    return mermaid;
  });
  return mermaidReady;
}

/** The process's step graph, drawn by mermaid from the registry's steps and arrows. */
export const ProcessDiagram = ({ process }: { process: Pick<Process, 'id' | 'steps' | 'edges'> }) => {
  const translate = useTranslate();
  const labels = useDiagramLabels();
  const domId = `diagram-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  // Text, compared by value: the diagram is drawn again only when it (or the language) changes.
  const text = buildFlowchart(process, labels);
  const [svg, setSvg] = useState<string>();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let current = true;
    setFailed(false);
    loadMermaid()
      .then((mermaid) => mermaid.render(domId, text))
      .then(({ svg: drawn }) => current && setSvg(drawn))
      .catch(() => current && setFailed(true));
    return () => {
      current = false;
    };
  }, [domId, text]);

  return (
    <Box data-testid={`diagram-${process.id}`}>
      {failed ? (
        <Alert severity="warning">{translate('app.process.diagram_failed')}</Alert>
      ) : svg ? (
        // Mermaid's own output, rendered with securityLevel strict from catalog text.
        <Box sx={{ overflowX: 'auto', '& svg': { maxWidth: '100%', height: 'auto' } }} dangerouslySetInnerHTML={{ __html: svg }} />
      ) : (
        <Skeleton variant="rectangular" height={240} />
      )}
      <Stack direction="row" spacing={1} sx={{ marginTop: 1, flexWrap: 'wrap' }}>
        <Chip size="small" variant="outlined" sx={{ borderColor: '#e65100', borderWidth: 2, borderRadius: 4 }} label={translate('app.process.legend.person')} />
        <Chip size="small" variant="outlined" sx={{ borderColor: '#1565c0', borderRadius: 1 }} label={translate('app.process.legend.system')} />
        <Chip size="small" variant="outlined" sx={{ borderColor: '#616161' }} label={translate('app.process.legend.end')} />
        <Chip size="small" variant="outlined" sx={{ borderStyle: 'dashed' }} label={translate('app.process.legend.numbered')} />
      </Stack>
    </Box>
  );
};
