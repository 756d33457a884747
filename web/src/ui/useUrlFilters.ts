/**
 * List filters kept in the address bar: the applied values (read from the URL,
 * '' when absent), a draft the form edits, and `submit`, which applies the
 * draft's non-empty values (trimmed) as the new URL query.
 */
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';

export interface UrlFilters<K extends string> {
  filters: Record<K, string>;
  draft: Record<K, string>;
  setDraft(draft: Record<K, string>): void;
  submit(e: FormEvent): void;
}

export function useUrlFilters<K extends string>(keys: readonly K[]): UrlFilters<K> {
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ''])) as Record<K, string>;
  const [draft, setDraft] = useState(filters);
  function submit(e: FormEvent) {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(draft) as Array<[K, string]>) if (v.trim()) next.set(k, v.trim());
    setParams(next);
  }
  return { filters, draft, setDraft, submit };
}
