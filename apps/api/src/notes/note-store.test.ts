import { describe, expect, it } from 'vitest';
import { createNoteStore } from './note-store.ts';

describe('createNoteStore', () => {
  it("keeps notes per owner, oldest first, and removes only the owner's", () => {
    const store = createNoteStore();
    const a1 = store.add('alice', 'one');
    const a2 = store.add('alice', 'two');
    const b1 = store.add('bob', 'three');
    expect(store.list('alice')).toEqual([a1, a2]);
    expect(store.remove('bob', a1.id)).toBe(false);
    expect(store.remove('alice', a1.id)).toBe(true);
    expect(store.list('alice')).toEqual([a2]);
    expect(store.list('bob')).toEqual([b1]);
    expect(store.list('nobody')).toEqual([]);
  });
});
