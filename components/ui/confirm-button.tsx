'use client';

import { useTranslations } from 'next-intl';
import { useState, type ReactNode } from 'react';
import { Button } from './button';

/** A destructive action that asks once more in place before it runs. */
export function ConfirmButton({
  label,
  confirmLabel,
  question,
  onConfirm,
  disabled,
  testId,
}: {
  label: ReactNode;
  confirmLabel?: ReactNode;
  question: ReactNode;
  onConfirm: () => void;
  disabled?: boolean;
  testId: string;
}) {
  const t = useTranslations('ui');
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <Button variant="secondary" className="text-red-700" disabled={disabled} onClick={() => setAsking(true)} data-testid={testId}>
        {label}
      </Button>
    );
  }
  return (
    <span role="alertdialog" className="inline-flex items-center gap-2 rounded-md bg-red-50 px-2 py-1 text-sm text-red-800" data-testid={`${testId}-confirm-box`}>
      {question}
      <Button
        className="bg-red-700 hover:bg-red-600"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
        data-testid={`${testId}-confirm`}
      >
        {confirmLabel ?? t('confirmYes')}
      </Button>
      <Button variant="secondary" onClick={() => setAsking(false)} data-testid={`${testId}-cancel`}>
        {t('cancel')}
      </Button>
    </span>
  );
}
