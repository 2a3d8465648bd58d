'use client';

import { useMemo, useState } from 'react';
import { base64ToBytes, hexDump, prettyJson } from '@/lib/format';
import { cn } from '../ui/cn';

type View = 'text' | 'json' | 'hex';

/** The body as text, pretty JSON or hex; always rendered as text nodes, never as HTML. */
export function MessageBody({ base64 }: { base64: string }) {
  const bytes = useMemo(() => base64ToBytes(base64), [base64]);
  const text = useMemo(() => new TextDecoder('utf-8', { fatal: false }).decode(bytes), [bytes]);
  const json = useMemo(() => prettyJson(text), [text]);
  const [view, setView] = useState<View>(json ? 'json' : 'text');
  const shown = view === 'hex' ? hexDump(bytes) : view === 'json' ? (json ?? text) : text;
  return (
    <div data-testid="message-body">
      <div className="flex items-center gap-1 border-b border-slate-200 px-4 py-2 text-xs" role="tablist">
        {(['text', 'json', 'hex'] as const).map((v) => (
          <button
            key={v}
            type="button"
            role="tab"
            aria-selected={view === v}
            disabled={v === 'json' && !json}
            onClick={() => setView(v)}
            data-testid={`body-view-${v}`}
            className={cn('rounded px-2 py-1 uppercase', view === v ? 'bg-slate-800 text-white' : 'text-slate-600 hover:bg-slate-100 disabled:text-slate-300')}
          >
            {v}
          </button>
        ))}
        <span className="ml-auto text-slate-500">{bytes.length.toLocaleString('en-US')} bytes</span>
      </div>
      <pre className="max-h-96 overflow-auto px-4 py-3 font-mono text-xs whitespace-pre-wrap break-all text-slate-800" data-testid="message-body-text">
        {shown}
      </pre>
    </div>
  );
}
