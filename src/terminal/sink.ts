// Where the terminal controller writes: buffered until a real terminal attaches.
export class Sink {
  private pending: string[] = [];
  private target: ((data: string) => void) | null = null;

  write = (data: string): void => {
    if (this.target) this.target(data);
    else this.pending.push(data);
  };

  attach(target: (data: string) => void): void {
    this.target = target;
    const data = this.pending.join("");
    this.pending = [];
    if (data) target(data);
  }

  detach(): void {
    this.target = null;
  }
}
