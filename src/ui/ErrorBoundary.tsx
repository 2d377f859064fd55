// A bug in a panel is not a white page: the panel shows one line saying what happened, with
// what to report, and a button to draw it again; the terminal and the lab go on.

import { Component, type ReactNode } from "react";

const VERSION = "0.1.0";

export class ErrorBoundary extends Component<{ name: string; children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error };
  }

  override componentDidCatch(error: Error): void {
    console.error(`kubelab: lab bug in the ${this.props.name}`, error);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="lab-bug" role="alert" data-testid="lab-bug">
        <p>
          kubelab: lab bug in the {this.props.name} ({error.message || String(error)}); the terminal and your work go on — please report this line (kubelab {VERSION}).
        </p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Draw the {this.props.name} again
        </button>
      </div>
    );
  }
}
