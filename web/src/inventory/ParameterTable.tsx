/** A tool's parameters, from its input schema: name, type, required, description (one level of nesting). */
import { ShownText } from '../ui/ShownText.js';
import { parametersOf } from './toolView.js';

export function ParameterTable({ tool, schema }: { tool: string; schema: unknown }) {
  const { rows, notes } = parametersOf(schema);
  return (
    <>
      {rows.length === 0 ? (
        <p className="muted small">Takes no parameters.</p>
      ) : (
        <div className="table-scroll">
          <table className="parameter-table">
            <caption className="visually-hidden">Parameters of {tool}</caption>
            <thead>
              <tr>
                <th scope="col">Parameter</th>
                <th scope="col">Type</th>
                <th scope="col">Required</th>
                <th scope="col">Description</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.name} className={r.depth ? 'nested' : undefined}>
                  <td>
                    <code>
                      <ShownText text={r.name} invisible />
                    </code>
                  </td>
                  <td>
                    <ShownText text={r.type} invisible />
                  </td>
                  <td>{r.required ? 'required' : 'optional'}</td>
                  <td>{r.description ? <ShownText text={r.description} invisible /> : <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {notes.map((n) => (
        <p key={n} className="muted small">
          {n}
        </p>
      ))}
    </>
  );
}
