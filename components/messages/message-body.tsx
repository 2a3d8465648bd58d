'use client';

import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import type { MessageDetailDto } from '@/lib/dto/admin';
import { base64ToBytes, hexDump, prettyJson } from '@/lib/format';
import { useFormat } from '@/lib/i18n/use-format';
import { BODY_VIEW_LIMIT_BYTES, wrapBase64 } from '@/lib/message-body';
import { cn } from '../ui/cn';

type View = 'text' | 'json' | 'hex' | 'base64';
const VIEWS: View[] = ['text', 'json', 'hex', 'base64'];

type BodyFields = Pick<MessageDetailDto, 'bodyBase64' | 'bodyKind' | 'bodyTruncated' | 'bodySize' | 'offsetMsgId' | 'topic'>;

/**
 * The body as text, pretty JSON, hex or base64, always rendered as text nodes, never as HTML. A binary body
 * opens in hex (text would show replacement characters); a large one shows its first bytes and offers the
 * whole body as a download.
 */
export function MessageBody({ message: m }: { message: BodyFields }) {
  const t = useTranslations('messages');
  const f = useFormat();
  const bytes = useMemo(() => base64ToBytes(m.bodyBase64), [m.bodyBase64]);
  const text = useMemo(() => new TextDecoder('utf-8', { fatal: false }).decode(bytes), [bytes]);
  // A truncated JSON body no longer parses; its text view still shows it.
  const json = useMemo(() => (m.bodyKind === 'json' && !m.bodyTruncated ? prettyJson(text) : null), [m.bodyKind, m.bodyTruncated, text]);
  const [view, setView] = useState<View>(json ? 'json' : m.bodyKind === 'binary' ? 'hex' : 'text');
  const shown = view === 'hex' ? hexDump(bytes, BODY_VIEW_LIMIT_BYTES) : view === 'base64' ? wrapBase64(m.bodyBase64) : view === 'json' ? (json ?? text) : text;
  const download = `/api/messages/body?${new URLSearchParams({ id: m.offsetMsgId, topic: m.topic })}`;
  return (
    <div data-testid="message-body" data-kind={m.bodyKind}>
      <div className="flex items-center gap-1 border-b border-slate-200 px-4 py-2 text-xs" role="tablist">
        {VIEWS.map((v) => (
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
            {t(`bodyView.${v}`)}
          </button>
        ))}
        <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-slate-600" data-testid="message-body-kind">
          {t(`bodyKind.${m.bodyKind}`)}
        </span>
        <span className="ml-auto text-slate-500" data-testid="message-body-size">
          {t('bodySize', { size: m.bodySize })}
        </span>
        <a href={download} download className="ml-3 text-sky-700 hover:underline" data-testid="message-body-download">
          {t('download')}
        </a>
      </div>
      {m.bodyTruncated && (
        <p className="border-b border-amber-200 bg-amber-50 px-4 py-1.5 text-xs text-amber-800" data-testid="message-body-truncated">
          {t('bodyTruncated', { shown: f.bytes(bytes.length), total: f.bytes(m.bodySize) })}
        </p>
      )}
      <pre className="max-h-96 overflow-auto px-4 py-3 font-mono text-xs whitespace-pre-wrap break-all text-slate-800" data-testid="message-body-text" data-view={view}>
        {shown}
      </pre>
    </div>
  );
}
