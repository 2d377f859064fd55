import type { Terminal } from "@xterm/xterm";
import { Header } from "./Header.tsx";
import type { Lab } from "./lab.ts";
import { TaskPanel } from "./TaskPanel.tsx";
import { TerminalPane } from "./TerminalPane.tsx";

export interface AppProps {
  lab: Lab;
  onPick(id: string | null): void;
  onPromptReady?(term: Terminal): void;
}

export function App({ lab, onPick, onPromptReady }: AppProps) {
  return (
    <div className="app">
      <Header lab={lab} onPick={onPick} />
      <main className="workspace">
        <TaskPanel lab={lab} />
        <TerminalPane lab={lab} onPromptReady={onPromptReady} />
      </main>
    </div>
  );
}
