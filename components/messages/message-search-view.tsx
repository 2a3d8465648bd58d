'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useState, type FormEvent } from 'react';
import type { MessageDetailDto, MessageListDto } from '@/lib/dto/admin';
import { toDateTimeLocal } from '@/lib/format';
import { useIssueText } from '@/lib/i18n/issue-text';
import { useMessageQuery, useMessageSearchQuery, type MessageSearch } from '@/lib/queries/admin';
import { localDateTimeToMs, messageByIdQuerySchema, messageByKeyQuerySchema, topicNameSchema } from '@/lib/schemas/admin';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { cn } from '../ui/cn';
import { Field, TextInput } from '../ui/form';
import { PageHeader } from '../ui/page-header';
import { Alert, LoadingState } from '../ui/states';
import { MessageDetail } from './message-detail';
import { MessageTable } from './message-table';

type Mode = MessageSearch['mode'];

const MODES: Mode[] = ['time', 'key', 'id'];

/**
 * The search's own schema messages, keyed to `messages.validation`: the shared table (lib/i18n/issue-text.ts)
 * does not list them. Any other message goes through that table.
 */
const SEARCH_ISSUES = new Map([
  ['enter a topic name', 'enterTopicName'],
  ['enter a key', 'enterKey'],
  ['a message id is 32 (or 56) hex characters', 'messageIdFormat'],
]);

function useSearchIssueText(): (message: string) => string {
  const t = useTranslations('messages');
  const issue = useIssueText();
  return useCallback(
    (message: string) => {
      const key = SEARCH_ISSUES.get(message);
      return key ? t(`validation.${key}`) : issue(message);
    },
    [t, issue],
  );
}

export function MessageSearchView({ initialId, initialTopic }: { initialId?: string; initialTopic?: string }) {
  const t = useTranslations('messages');
  const issue = useSearchIssueText();
  const [mode, setMode] = useState<Mode>(initialId ? 'id' : 'time');
  const [topic, setTopic] = useState(initialTopic ?? '');
  const [key, setKey] = useState('');
  const [id, setId] = useState(initialId ?? '');
  const [begin, setBegin] = useState(() => toDateTimeLocal(Date.now() - 3_600_000));
  const [end, setEnd] = useState(() => toDateTimeLocal(Date.now() + 60_000));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [search, setSearch] = useState<MessageSearch | null>(initialId ? { mode: 'id', id: initialId, topic: initialTopic } : null);
  const [selected, setSelected] = useState<string | null>(null);
  const result = useMessageSearchQuery(search);
  const detail = useMessageQuery(selected);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    let next: MessageSearch | null = null;
    if (mode === 'time') {
      const tp = topicNameSchema.safeParse(topic);
      const b = localDateTimeToMs(begin);
      const en = localDateTimeToMs(end);
      if (!tp.success) errs.topic = issue(tp.error.issues[0].message);
      if (b === null) errs.begin = t('validation.enterStart');
      if (en === null) errs.end = t('validation.enterEnd');
      else if (b !== null && b > en) errs.end = t('validation.endBeforeStart');
      if (tp.success && b !== null && en !== null && !errs.end) next = { mode, topic: tp.data, begin: b, end: en };
    } else if (mode === 'key') {
      const r = messageByKeyQuerySchema.safeParse({ topic, key });
      if (!r.success) for (const i of r.error.issues) errs[String(i.path[0])] ??= issue(i.message);
      else next = { mode, topic: r.data.topic, key: r.data.key };
    } else {
      const r = messageByIdQuerySchema.safeParse({ id, topic: topic.trim() || undefined });
      if (!r.success) for (const i of r.error.issues) errs[String(i.path[0])] ??= issue(i.message);
      else next = { mode, id: r.data.id, topic: r.data.topic };
    }
    setErrors(errs);
    setSelected(null);
    if (next) setSearch(next);
  }

  const list = search && search.mode !== 'id' ? (result.data as MessageListDto | undefined) : undefined;
  const single = search?.mode === 'id' ? (result.data as MessageDetailDto | undefined) : undefined;

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <Card className="mb-4" testId="message-search">
        <div className="flex gap-1 border-b border-slate-200 px-4 py-2" role="tablist">
          {MODES.map((m) => (
            <button
              key={m}
              type="button"
              role="tab"
              aria-selected={mode === m}
              onClick={() => setMode(m)}
              data-testid={`search-mode-${m}`}
              className={cn('rounded-md px-3 py-1 text-sm', mode === m ? 'bg-slate-800 text-white' : 'text-slate-600 hover:bg-slate-100')}
            >
              {t(`mode.${m}`)}
            </button>
          ))}
        </div>
        <form onSubmit={onSubmit} noValidate className="grid items-start gap-3 p-4 md:grid-cols-4">
          {mode === 'id' ? (
            <Field label={t('labelId')} error={errors.id} testId="search-id" className="md:col-span-2">
              <TextInput value={id} onChange={(e) => setId(e.target.value)} className="font-mono" data-testid="search-id" placeholder={t('placeholderId')} />
            </Field>
          ) : null}
          <Field label={mode === 'id' ? t('labelTopicForId') : t('labelTopic')} error={errors.topic} testId="search-topic">
            <TextInput value={topic} onChange={(e) => setTopic(e.target.value)} data-testid="search-topic" />
          </Field>
          {mode === 'key' && (
            <Field label={t('labelKey')} error={errors.key} testId="search-key">
              <TextInput value={key} onChange={(e) => setKey(e.target.value)} data-testid="search-key" />
            </Field>
          )}
          {mode === 'time' && (
            <>
              <Field label={t('labelBegin')} error={errors.begin} testId="search-begin">
                <TextInput type="datetime-local" step={1} value={begin} onChange={(e) => setBegin(e.target.value)} data-testid="search-begin" />
              </Field>
              <Field label={t('labelEnd')} error={errors.end} testId="search-end">
                <TextInput type="datetime-local" step={1} value={end} onChange={(e) => setEnd(e.target.value)} data-testid="search-end" />
              </Field>
            </>
          )}
          <div className="self-end">
            <Button type="submit" data-testid="search-submit">
              {t('search')}
            </Button>
          </div>
        </form>
      </Card>
      {result.isFetching && !result.data && (
        <Card>
          <LoadingState label={t('searching')} />
        </Card>
      )}
      {result.error && (
        <Alert className="mb-4" testId="search-error" title={t('searchError')}>
          {result.error.message}
        </Alert>
      )}
      {list && (
        <Card className="mb-4" title={list.truncated ? t('resultsTruncated', { count: list.messages.length }) : t('results', { count: list.messages.length })} testId="search-results">
          <MessageTable messages={list.messages} onSelect={(m) => setSelected(m.offsetMsgId)} selectedId={selected} />
        </Card>
      )}
      {single && <MessageDetail message={single} />}
      {selected && detail.isPending && (
        <Card>
          <LoadingState label={t('loadingMessage')} />
        </Card>
      )}
      {selected && detail.error && <Alert title={t('messageError')}>{detail.error.message}</Alert>}
      {selected && detail.data && <MessageDetail message={detail.data} />}
    </>
  );
}
