// A form field's label, its input's wiring to its problem, and the problem
// itself beside the input.
import type { ReactNode } from 'react';
import { useI18n } from '../../../i18n/i18n.js';
import { type FieldKey, inputId, type Problems, problemId } from './form-model.js';

/** id, aria-invalid and aria-describedby of the input for `field`. */
export function wire(field: FieldKey, problems: Problems, describedBy?: string) {
  const ids = [problems[field] ? problemId(field) : '', describedBy ?? ''].filter(Boolean);
  return {
    id: inputId(field),
    'aria-invalid': problems[field] ? true : undefined,
    'aria-describedby': ids.length > 0 ? ids.join(' ') : undefined,
  } as const;
}

export function FieldProblem({ field, problems }: { field: FieldKey; problems: Problems }) {
  const { t } = useI18n();
  const problem = problems[field];
  if (!problem) return null;
  return (
    <p className="error field-problem" id={problemId(field)} data-problem={field}>
      {t(problem)}
    </p>
  );
}

export function Field({
  field,
  label,
  problems,
  children,
  className,
}: {
  field: FieldKey;
  label: string;
  problems: Problems;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={`field ${className ?? ''}`.trim()}>
      <label htmlFor={inputId(field)}>{label}</label>
      {children}
      <FieldProblem field={field} problems={problems} />
    </div>
  );
}
