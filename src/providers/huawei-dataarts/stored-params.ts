/**
 * Message parameters under the names older records stored them with. A message is stored with its
 * request and rendered again later, in any language, so a renamed parameter is still read under
 * its old name.
 */

/**
 * `chain.changed`'s `seen` (the states the preview saw) was called `then` before no object could
 * carry a `then` member (test/architecture.test.ts): a record stored then reads as it did.
 */
export function seenOf(p: { readonly seen: string }): string {
  return p.seen ?? (p as Readonly<Record<string, string | undefined>>)['then'] ?? '';
}
