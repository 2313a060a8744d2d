/**
 * Remembers the last few values built from the same word lists, so that judging poster
 * after poster with equal settings (even fresh objects) compiles the lists once.
 */
export class CompileCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity = 16) {}

  get(lists: unknown, build: () => V): V {
    const key = JSON.stringify(lists);
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = build();
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return value;
  }
}
