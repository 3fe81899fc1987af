/** A binary min-heap ordered by `priority`; the delaying queue's timeline of ready times. */
export class MinHeap<T> {
  readonly #items: { priority: number; value: T }[] = [];

  get size(): number {
    return this.#items.length;
  }

  push(priority: number, value: T): void {
    const items = this.#items;
    items.push({ priority, value });
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (items[parent]!.priority <= items[index]!.priority) break;
      [items[parent], items[index]] = [items[index]!, items[parent]!];
      index = parent;
    }
  }

  peek(): { priority: number; value: T } | undefined {
    return this.#items[0];
  }

  pop(): { priority: number; value: T } | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    items[0] = last;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < items.length && items[left]!.priority < items[smallest]!.priority) smallest = left;
      if (right < items.length && items[right]!.priority < items[smallest]!.priority) smallest = right;
      if (smallest === index) break;
      [items[smallest], items[index]] = [items[index]!, items[smallest]!];
      index = smallest;
    }
    return top;
  }

  clear(): void {
    this.#items.length = 0;
  }
}
