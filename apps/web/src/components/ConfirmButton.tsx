import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import './confirm.css';

export interface ConfirmStep {
  /** The dialog's heading: the step, named (it labels the dialog). */
  title: string;
  /** What will happen, in words: read with the heading when the dialog opens. */
  message: ReactNode;
  /** The confirming button's text (the step's verb, as on the trigger). */
  confirmLabel: string;
  /** A step that ends something (a sitting, a vote): the confirming button in the danger style. */
  danger?: boolean;
}

/**
 * A button for a step that cannot be undone (issue 22, item 5): it opens a modal dialog that
 * says what will happen, and only its confirming button does the step. The dialog is the
 * native `<dialog>` opened with `showModal()` (the rest of the page inert, Escape cancels),
 * labelled by its heading and described by the message; the focus starts on „Отказ“ — the
 * safe answer — and returns to the trigger when the dialog closes.
 */
export function ConfirmButton({
  children,
  className = 'button button-primary',
  disabled,
  onConfirm,
  testId,
  ...step
}: ConfirmStep & {
  /** The trigger's text. */
  children: ReactNode;
  className?: string;
  disabled?: boolean;
  onConfirm: () => void;
  testId?: string;
}) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        ref={trigger}
        type="button"
        className={className}
        disabled={disabled}
        aria-haspopup="dialog"
        data-testid={testId}
        onClick={() => setOpen(true)}
      >
        {children}
      </button>
      {open ? (
        <ConfirmDialog
          {...step}
          onClose={(confirmed) => {
            setOpen(false);
            trigger.current?.focus();
            if (confirmed) onConfirm();
          }}
        />
      ) : null}
    </>
  );
}

/** The dialog itself (mounted open; `onClose(true)` only from the confirming button). */
export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  danger,
  onClose,
}: ConfirmStep & { onClose: (confirmed: boolean) => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const headingId = useId();
  const messageId = useId();
  const closed = useRef(false);
  useEffect(() => {
    const dialog = ref.current!;
    if (!dialog.open) dialog.showModal();
    cancel.current?.focus();
    return () => {
      if (dialog.open) dialog.close();
    };
  }, []);
  const finish = (confirmed: boolean) => {
    if (closed.current) return;
    closed.current = true;
    if (ref.current?.open) ref.current.close();
    onClose(confirmed);
  };
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={headingId}
      aria-describedby={messageId}
      data-testid="confirm-dialog"
      onCancel={(e) => {
        // Escape: the same as „Отказ“.
        e.preventDefault();
        finish(false);
      }}
      onClose={() => finish(false)}
    >
      <h2 id={headingId}>{title}</h2>
      <div id={messageId} className="confirm-message">
        {message}
      </div>
      <div className="actions confirm-actions">
        <button ref={cancel} type="button" className="button button-secondary" onClick={() => finish(false)}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className={danger ? 'button button-danger' : 'button button-primary'}
          onClick={() => finish(true)}
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
