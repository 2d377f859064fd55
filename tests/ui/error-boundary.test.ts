// A panel that throws shows one line with what to report, not a white page.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ErrorBoundary } from "../../src/ui/ErrorBoundary.tsx";

describe("ErrorBoundary", () => {
  it("renders its children until an error, then the lab-bug line with the version", () => {
    const b = new ErrorBoundary({ name: "task panel", children: "ok" });
    expect(b.render()).toBe("ok");
    b.state = ErrorBoundary.getDerivedStateFromError(new Error("boom"));
    const html = renderToStaticMarkup(b.render() as never);
    expect(html).toContain("kubelab: lab bug in the task panel (boom); the terminal and your work go on — please report this line (kubelab 0.1.0).");
    expect(html).toContain('role="alert"');
  });
});
