import { useState, type ChangeEvent } from 'react';
import type { DecksResponse } from '../../../../common/drills/types';
import { ApiError, errorMessage } from '../../api/client';
import { useStore } from '../../store';
import { saveTextFile } from './save-file';

type Run = (work: () => Promise<string>) => Promise<void>;
type Message = { ok: boolean; text: string; details?: string[] };

const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
  const file = event.target.files?.[0];
  event.target.value = '';
  return file ? { name: file.name, text: await file.text() } : null;
};
const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('That file is not valid JSON.');
  }
};

/** The cards a deck file could not load, with the file and line of each. */
function DeckErrors({ errors }: { errors: DecksResponse['errors'] }) {
  if (errors.length === 0) return null;
  return (
    <div className="error" role="alert" data-testid="deck-errors">
      <p>Some cards could not be loaded:</p>
      <ul>
        {errors.map((e) => (
          <li key={`${e.file}:${e.line}`}>
            <code>
              {e.file}:{e.line}
            </code>{' '}
            {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

function DecksCard({ run }: { run: Run }) {
  const decks = useStore((s) => s.drillDecks);
  const { exportDeck } = useStore.getState();
  return (
    <section className="card" aria-labelledby="decks-title">
      <h2 id="decks-title">Decks</h2>
      <p className="muted">
        Instructors can add a deck by dropping a Markdown file into the lab data folder&apos;s <code>drills/</code>{' '}
        directory (then restart), or import one here. The format is in <code>resources/drills/FORMAT.md</code>.
      </p>
      {decks && <DeckErrors errors={decks.errors} />}
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Topic</th>
            <th scope="col">Cards</th>
            <th scope="col">Export</th>
          </tr>
        </thead>
        <tbody>
          {decks?.decks.map((d) => (
            <tr key={d.topic}>
              <td>{d.curriculum.join(', ')}</td>
              <td>
                {d.title} {d.source === 'custom' && <span className="chip">custom</span>}
              </td>
              <td>{d.cards}</td>
              <td>
                {(['markdown', 'json'] as const).map((format) => (
                  <button
                    key={format}
                    type="button"
                    className="small secondary"
                    aria-label={`Export ${d.title} as ${format}`}
                    onClick={() =>
                      void run(async () =>
                        saveTextFile(
                          `${d.topic}.${format === 'json' ? 'json' : 'md'}`,
                          await exportDeck(d.topic, format),
                          format === 'json' ? 'application/json' : 'text/markdown',
                        ),
                      )
                    }
                  >
                    {format === 'json' ? 'JSON' : 'Markdown'}
                  </button>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ImportExportCard({ run, message }: { run: Run; message: Message | null }) {
  const { importDeck, exportProgress, importProgress } = useStore.getState();
  return (
    <section className="card" aria-labelledby="io-title">
      <h2 id="io-title">Import and export</h2>
      <label>
        Import a deck (.md or .json){' '}
        <input
          type="file"
          accept=".md,.json,text/markdown,application/json"
          onChange={(e) =>
            void run(async () => {
              const file = await readFile(e);
              if (!file) return 'No file chosen.';
              return importDeck(file.name.endsWith('.json') ? { deck: parseJson(file.text) } : { markdown: file.text });
            })
          }
        />
      </label>
      <p>
        <button
          type="button"
          onClick={() =>
            void run(async () => saveTextFile('drill-progress.json', JSON.stringify(await exportProgress(), null, 2)))
          }
        >
          Export my progress
        </button>
      </p>
      <label>
        Import progress (merges; nothing is counted twice){' '}
        <input
          type="file"
          accept=".json,application/json"
          onChange={(e) =>
            void run(async () => {
              const file = await readFile(e);
              return file ? importProgress(parseJson(file.text)) : 'No file chosen.';
            })
          }
        />
      </label>
      {message && (
        <div className={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>
          <p>{message.text}</p>
          {message.details && (
            <ul>
              {message.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

/** A refused import's line errors, as the server lists them. */
const lineErrorsOf = (error: unknown): string[] | undefined =>
  error instanceof ApiError && Array.isArray(error.body.errors)
    ? error.body.errors.map((e: { line: number; message: string }) => `line ${e.line}: ${e.message}`)
    : undefined;

/** Decks (load errors, import, export) and drill progress (export, merge-import). */
export function DecksView() {
  const [message, setMessage] = useState<Message | null>(null);
  const run: Run = async (work) => {
    try {
      setMessage({ ok: true, text: await work() });
    } catch (error) {
      setMessage({ ok: false, text: errorMessage(error), details: lineErrorsOf(error) });
    }
  };
  return (
    <div className="grid">
      <DecksCard run={run} />
      <ImportExportCard run={run} message={message} />
    </div>
  );
}
