// Where the mock exam is kept, in the page's first chunk (the exam's record is read by
// exam-record.ts, loaded only when one is stored).

/** The key of the exam's record: no scenario or slot can be named so (`#` is not in ids). */
export const EXAM_KEY = "#exam";

/** The exam a slot (`exam:<exam>:<n>:<id>`) belongs to. */
export const examOfSlot = (slot: string): string | null => /^exam:([^:]+):\d+:./.exec(slot)?.[1] ?? null;
