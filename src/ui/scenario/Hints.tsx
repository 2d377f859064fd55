// Progressive hints: one more each time the student asks.

import { useState } from "react";
import { Markdown } from "../markdown.tsx";

export function Hints({ hints }: { hints: string[] }) {
  const [shown, setShown] = useState(0);
  if (!hints.length) return null;
  return (
    <section className="hints" data-testid="hints">
      {shown > 0 && (
        <ol className="hint-list">
          {hints.slice(0, shown).map((h, i) => (
            <li key={i} className="hint" data-testid="hint">
              <Markdown source={h} />
            </li>
          ))}
        </ol>
      )}
      {shown < hints.length ? (
        <button type="button" className="hint-button" data-testid="show-hint" onClick={() => setShown(shown + 1)}>
          {shown === 0 ? "Show a hint" : "Show another hint"} ({shown + 1} of {hints.length})
        </button>
      ) : (
        <p className="hint-none">No more hints.</p>
      )}
    </section>
  );
}
