/** A labelled UTC-day field of a filter form (the API reads it as the start or end of that day). */
import { useId } from 'react';

export function DateFilter({ label, value, onChange }: { label: string; value: string; onChange(day: string): void }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="date" value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}
